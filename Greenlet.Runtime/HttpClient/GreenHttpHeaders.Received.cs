using System.Text;

namespace Greenlets;

/// <summary>A response's fields as received: their bytes, kept in storage the headers own and reuse, until read.</summary>
public sealed partial class GreenHttpHeaders
{
    private byte[] _received = [];
    private int _receivedLength;
    private FieldSpan[] _receivedFields = [];
    private int _receivedCount;
    private bool _materialized = true;

    /// <summary>How many fields were received (before anything read them as strings).</summary>
    internal int ReceivedCount => _receivedCount;

    /// <summary>Forgets every field, keeping the storage: the headers of a response that is filled again.</summary>
    internal void Clear()
    {
        _fields.Clear();
        _receivedLength = _receivedCount = 0;
        _materialized = true;
    }

    /// <summary>Adds a received field as bytes; the parser has checked it already.</summary>
    internal void AddReceived(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (_receivedLength + name.Length + value.Length > _received.Length)
        {
            // A small first size: the simple API makes new headers for every response (a typical head's fields: ~100 bytes).
            Array.Resize(ref _received, Math.Max(Math.Max(_received.Length * 2, 128), _receivedLength + name.Length + value.Length));
        }

        if (_receivedCount == _receivedFields.Length)
        {
            Array.Resize(ref _receivedFields, Math.Max(6, _receivedFields.Length * 2));
        }

        name.CopyTo(_received.AsSpan(_receivedLength));
        value.CopyTo(_received.AsSpan(_receivedLength + name.Length));
        _receivedFields[_receivedCount++] = new FieldSpan(_receivedLength, name.Length, value.Length);
        _receivedLength += name.Length + value.Length;
        _materialized = false;
    }

    /// <summary>The name of received field <paramref name="index"/>, as bytes.</summary>
    internal ReadOnlySpan<byte> ReceivedName(int index)
    {
        var field = _receivedFields[index];
        return _received.AsSpan(field.Start, field.NameLength);
    }

    /// <summary>The value of received field <paramref name="index"/>, as bytes.</summary>
    internal ReadOnlySpan<byte> ReceivedValue(int index)
    {
        var field = _receivedFields[index];
        return _received.AsSpan(field.Start + field.NameLength, field.ValueLength);
    }

    /// <summary>The first received value of <paramref name="name"/> (ASCII, any case) as a string, or null; nothing is allocated when there is none.</summary>
    internal string? ReceivedValueOf(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < _receivedCount; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(ReceivedName(i), name))
            {
                return Encoding.Latin1.GetString(ReceivedValue(i));
            }
        }

        return null;
    }

    /// <summary>Turns the received fields into strings, once: every public member reads the strings.</summary>
    private void Materialize()
    {
        if (_materialized)
        {
            return;
        }

        _materialized = true;
        for (var i = 0; i < _receivedCount; i++)
        {
            var name = ReceivedName(i);
            _fields.Add(new(KnownName(name) ?? Encoding.ASCII.GetString(name), Encoding.Latin1.GetString(ReceivedValue(i))));
        }
    }

    /// <summary>The common names as interned strings.</summary>
    private static string? KnownName(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("Content-Length"u8) => "Content-Length",
        _ when name.SequenceEqual("Content-Type"u8) => "Content-Type",
        _ when name.SequenceEqual("Date"u8) => "Date",
        _ when name.SequenceEqual("Server"u8) => "Server",
        _ when name.SequenceEqual("Connection"u8) => "Connection",
        _ when name.SequenceEqual("Transfer-Encoding"u8) => "Transfer-Encoding",
        _ when name.SequenceEqual("Content-Encoding"u8) => "Content-Encoding",
        _ => null,
    };

    /// <summary>Where one received field's name and value lie in the storage (the value right after the name).</summary>
    private readonly record struct FieldSpan(int Start, int NameLength, int ValueLength);
}
