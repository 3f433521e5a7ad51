using System.Text;

namespace Greenlets;

/// <summary>One whole WebSocket message (its fragments joined): text, already checked to be UTF-8, or binary.</summary>
/// <remarks>gevent: what geventwebsocket's <c>ws.receive()</c> returns (a str for text, bytes for binary).</remarks>
public sealed class WebSocketMessage
{
    private string? _text;

    internal WebSocketMessage(bool isText, byte[] data)
    {
        IsText = isText;
        Data = data;
    }

    /// <summary>Whether it is a text message (else binary).</summary>
    public bool IsText { get; }

    /// <summary>The payload bytes (UTF-8 for text).</summary>
    public byte[] Data { get; }

    /// <summary>The payload as text (decoded once, on first use).</summary>
    public string Text => _text ??= Encoding.UTF8.GetString(Data);

    /// <inheritdoc/>
    public override string ToString() => IsText ? Text : $"<{Data.Length} bytes>";
}
