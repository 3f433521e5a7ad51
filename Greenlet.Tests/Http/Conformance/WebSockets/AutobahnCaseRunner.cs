using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Greenlets.Tests.Http.Conformance;

/// <summary>One Autobahn case's outcome: what came back, and whether it is what the case expects.</summary>
public sealed record AutobahnResult(AutobahnCase Case, IReadOnlyList<(int Opcode, byte[] Payload)> Frames, int? CloseCode, bool Dropped, bool Passed)
{
    public override string ToString() =>
        $"{Case.Id}: got [{string.Join(", ", Frames.Select(f => $"{f.Opcode}:{f.Payload.Length}B"))}], " +
        $"{(CloseCode is { } code ? $"close {code}" : Dropped ? "dropped without a close" : "no close in time")}";
}

/// <summary>Plays Autobahn's client side of one case against a WebSocket echo server on loopback.</summary>
public static class AutobahnCaseRunner
{
    private const string Handshake =
        "GET /autobahn HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(2);

    public static AutobahnResult Run(int port, AutobahnCase testCase)
    {
        using var client = new TcpClient();
        client.Connect("127.0.0.1", port);
        client.NoDelay = true;
        var socket = client.Client;
        socket.Send(Encoding.ASCII.GetBytes(Handshake));
        var reader = new ServerFrames(socket);
        if (!reader.ReadHead().StartsWith("HTTP/1.1 101 ", StringComparison.Ordinal))
        {
            return new(testCase, [], null, false, false);
        }

        foreach (var step in testCase.Steps)
        {
            if (!TrySend(socket, step))
            {
                break;
            }

            if (step.PauseSeconds > 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds(step.PauseSeconds));
            }
        }

        var frames = new List<(int Opcode, byte[] Payload)>();
        if (testCase.Ending == CloseExpectation.Clean && !testCase.SendsClose)
        {
            // Autobahn closes once it has what it expects (or after a wait): the same here.
            while (frames.Count < testCase.Echoes.Count && reader.Next(s_wait) is { } frame && frame.Opcode != AutobahnCase.Close)
            {
                frames.Add(frame);
            }

            TrySend(socket, new(AutobahnCase.CloseFrame(1000)));
        }

        int? closeCode = null;
        var dropped = false;
        while (true)
        {
            var frame = reader.Next(s_wait);
            if (frame is null)
            {
                dropped = reader.Ended;
                break;
            }

            if (frame.Value.Opcode == AutobahnCase.Close)
            {
                closeCode = frame.Value.Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(frame.Value.Payload) : 1005;
                break;
            }

            frames.Add(frame.Value);
        }

        var echoed = frames.Count == testCase.Echoes.Count
            && frames.Zip(testCase.Echoes).All(p => p.First.Opcode == p.Second.Opcode && p.First.Payload.AsSpan().SequenceEqual(p.Second.Payload));
        var closed = closeCode is { } c ? testCase.CloseCodes.Contains(c) : dropped && testCase.Ending == CloseExpectation.Failed;
        return new(testCase, frames, closeCode, dropped, echoed && closed);
    }

    private static bool TrySend(Socket socket, WebSocketStep step)
    {
        try
        {
            if (!step.OctetWise)
            {
                socket.Send(step.Bytes);
                return true;
            }

            foreach (var b in step.Bytes)
            {
                socket.Send([b]);
            }

            return true;
        }
        catch (SocketException)
        {
            return false; // the server has failed the connection: what it sent is read next
        }
    }

    /// <summary>Reads the 101 head, then the server's unmasked frames, each with a wait for its first byte.</summary>
    private sealed class ServerFrames(Socket socket)
    {
        private readonly List<byte> _buffered = [];
        private readonly byte[] _chunk = new byte[65536];

        public bool Ended { get; private set; }

        public string ReadHead()
        {
            while (IndexOfHeadEnd() < 0 && Fill(s_wait))
            {
            }

            var end = IndexOfHeadEnd();
            if (end < 0)
            {
                return "";
            }

            var head = Encoding.ASCII.GetString([.. _buffered.Take(end + 4)]);
            _buffered.RemoveRange(0, end + 4);
            return head;
        }

        public (int Opcode, byte[] Payload)? Next(TimeSpan wait)
        {
            while (true)
            {
                if (TryParse(out var frame))
                {
                    return frame;
                }

                if (!Fill(wait))
                {
                    return null;
                }
            }
        }

        private bool TryParse(out (int Opcode, byte[] Payload) frame)
        {
            frame = default;
            if (_buffered.Count < 2)
            {
                return false;
            }

            long length = _buffered[1] & 0x7F;
            var at = 2;
            if (length == 126 || length == 127)
            {
                var size = length == 126 ? 2 : 8;
                if (_buffered.Count < 2 + size)
                {
                    return false;
                }

                length = 0;
                for (var i = 0; i < size; i++)
                {
                    length = (length << 8) | _buffered[2 + i];
                }

                at += size;
            }

            if (_buffered.Count < at + length)
            {
                return false;
            }

            frame = (_buffered[0] & 0x0F, [.. _buffered.Skip(at).Take((int)length)]);
            _buffered.RemoveRange(0, at + (int)length);
            return true;
        }

        private bool Fill(TimeSpan wait)
        {
            try
            {
                if (!socket.Poll(wait, SelectMode.SelectRead))
                {
                    return false;
                }

                var n = socket.Receive(_chunk);
                Ended = n == 0;
                _buffered.AddRange(_chunk.AsSpan(0, n).ToArray());
                return n > 0;
            }
            catch (SocketException)
            {
                Ended = true;
                return false;
            }
        }

        private int IndexOfHeadEnd()
        {
            for (var i = 0; i + 3 < _buffered.Count; i++)
            {
                if (_buffered[i] == '\r' && _buffered[i + 1] == '\n' && _buffered[i + 2] == '\r' && _buffered[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
