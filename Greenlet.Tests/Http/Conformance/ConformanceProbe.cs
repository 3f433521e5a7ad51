using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Greenlets.Tests.Http.Conformance;

/// <summary>Sends one case's bytes to a server on loopback and reads the statuses it answers with.</summary>
public static partial class ConformanceProbe
{
    /// <summary>
    /// Writes the bytes and reads until the server closes, or is quiet for <paramref name="quiet"/> after its last
    /// byte, or says nothing for <paramref name="timeout"/>. Returns the final statuses in order (1xx left out). The
    /// write side stays open: Kestrel takes a half-close for an aborted request and drops its answer.
    /// </summary>
    public static IReadOnlyList<int> Statuses(int port, byte[] request, TimeSpan quiet, TimeSpan timeout)
    {
        using var client = new TcpClient();
        client.Connect("127.0.0.1", port);
        client.NoDelay = true;
        var socket = client.Client;
        try
        {
            socket.Send(request);
        }
        catch (SocketException)
        {
            // The server answered and closed before taking everything: read what it said.
        }

        var received = new MemoryStream();
        var buffer = new byte[8192];
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            while (socket.Poll(received.Length == 0 ? Max(deadline - DateTime.UtcNow, TimeSpan.Zero) : quiet, SelectMode.SelectRead))
            {
                var n = socket.Receive(buffer);
                if (n == 0)
                {
                    break;
                }

                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException)
        {
            // A reset after the answers: what was read stands.
        }

        return StatusesIn(Encoding.Latin1.GetString(received.ToArray()));
    }

    /// <summary>
    /// The statuses of the responses in a byte stream, each framed by its Content-Length or chunked coding (a body
    /// is followed directly by the next status line). Should framing be lost, the next "HTTP/1." is taken as one.
    /// </summary>
    public static IReadOnlyList<int> StatusesIn(string responses)
    {
        var statuses = new List<int>();
        var position = 0;
        while (StatusLine().Match(responses, position) is { Success: true } line)
        {
            var status = int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
            var headEnd = responses.IndexOf("\r\n\r\n", line.Index, StringComparison.Ordinal);
            if (headEnd < 0)
            {
                statuses.Add(status);
                break;
            }

            position = headEnd + 4;
            if (status >= 200)
            {
                statuses.Add(status);
                position = SkipBody(responses, responses[line.Index..headEnd], position, status);
            }
        }

        return [.. statuses.Where(status => status >= 200)];
    }

    private static int SkipBody(string responses, string head, int position, int status)
    {
        if (status is 204 or 304)
        {
            return position;
        }

        if (ContentLength().Match(head) is { Success: true } length)
        {
            return Math.Min(responses.Length, position + int.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        if (!Chunked().IsMatch(head))
        {
            return responses.Length; // read to close
        }

        while (position < responses.Length)
        {
            var lineEnd = responses.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                return responses.Length;
            }

            var size = Convert.ToInt32(responses[position..lineEnd].Split(';')[0].Trim(), 16);
            position = lineEnd + 2;
            if (size == 0)
            {
                var trailerEnd = responses.IndexOf("\r\n", position, StringComparison.Ordinal);
                return trailerEnd < 0 ? responses.Length : trailerEnd + 2;
            }

            position += size + 2;
        }

        return responses.Length;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [GeneratedRegex(@"HTTP/1\.[01] (\d{3})")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"(?im)^content-length:\s*(\d+)")]
    private static partial Regex ContentLength();

    [GeneratedRegex(@"(?im)^transfer-encoding:.*chunked")]
    private static partial Regex Chunked();
}
