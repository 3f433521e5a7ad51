using System.Text;

namespace Greenlets.Tests.Client;

/// <summary>One reply of <see cref="ScriptedServer"/>: its bytes, sent after <see cref="Delay"/> seconds, in pieces <see cref="Dribble"/> seconds apart.</summary>
public sealed record Reply(string Text, double Delay = 0, bool CloseAfter = false, bool IsSilent = false, double Dribble = 0);

/// <summary>
/// A server at the far end of an in-memory pair that answers each request head (and its Content-Length body) with
/// the next reply of a script, and records what it was sent. Nothing touches the kernel, so on the virtual clock a
/// run is exact and repeatable.
/// </summary>
public static partial class ScriptedServer
{
    /// <summary>A client whose every new connection is a pair served by the next script of <paramref name="scripts"/>.</summary>
    public static GreenHttpClient Client(Queue<Reply[]> scripts, List<string> received, Func<GreenHttpClient, GreenHttpClient>? configure = null) => new()
    {
        Connector = (origin, timeout) =>
        {
            var (client, server) = GreenStream.CreatePair();
            var script = scripts.Count > 0 ? scripts.Dequeue() : [];
            Greenlet.Spawn(Serve, server, new Queue<Reply>(script), received);
            return client;
        },
    };

    [Greenlet]
    public static void Serve(GreenStream end, Queue<Reply> replies, List<string> received)
    {
        var buffer = new byte[1 << 16];
        var have = 0;
        while (replies.Count > 0)
        {
            int headEnd;
            while ((headEnd = buffer.AsSpan(0, have).IndexOf("\r\n\r\n"u8)) < 0)
            {
                var n = end.Read(buffer.AsMemory(have));
                if (n == 0)
                {
                    end.Dispose();
                    return;
                }

                have += n;
            }

            var head = Encoding.Latin1.GetString(buffer, 0, headEnd + 4);
            var length = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } line
                ? int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
                : 0;
            var total = headEnd + 4 + length;
            while (have < total)
            {
                have += end.Read(buffer.AsMemory(have));
            }

            received.Add(Encoding.Latin1.GetString(buffer, 0, total));
            buffer.AsSpan(total, have - total).CopyTo(buffer);
            have -= total;

            var reply = replies.Dequeue();
            if (reply.Delay > 0)
            {
                Greenlet.Sleep(reply.Delay);
            }

            if (!reply.IsSilent)
            {
                var bytes = Encoding.Latin1.GetBytes(reply.Text);
                if (reply.Dribble > 0)
                {
                    foreach (var b in bytes)
                    {
                        end.Write(new[] { b });
                        Greenlet.Sleep(reply.Dribble);
                    }
                }
                else
                {
                    end.Write(bytes);
                }
            }

            if (reply.CloseAfter)
            {
                end.Dispose();
                return;
            }
        }

        // The script is done: hold the connection open until the client closes it.
        while (end.Read(buffer) > 0)
        {
        }

        end.Dispose();
    }
}
