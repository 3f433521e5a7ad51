using System.ComponentModel;
using System.Text;

namespace Greenlets;

/// <summary>
/// geventwebsocket's and <c>websocket-client</c>'s <c>create_connection(url)</c>. Opens a WebSocket (RFC 6455) to
/// a server: the opening handshake over a new connection from a <see cref="GreenHttpClient"/>'s connector, then a
/// <see cref="GreenWebSocket"/> whose frames are masked, as a client's must be.
/// </summary>
public static class GreenWebSocketClient
{
    /// <summary>
    /// websocket-client: <c>websocket.create_connection(url)</c>. Connects to <paramref name="url"/> and completes the
    /// handshake; then <see cref="GreenWebSocket.Send(string)"/>, <see cref="GreenWebSocket.Receive"/> and
    /// <see cref="GreenWebSocket.Close"/> work as on the server's end. <see cref="GreenWebSocket.Request"/> is the
    /// upgrade request this client sent.
    /// </summary>
    /// <param name="url">A <c>ws://</c> URL (<c>http://</c> is taken too); <c>wss://</c> runs over TLS (<see cref="GreenHttpClient.Tls"/>).</param>
    /// <param name="client">Whose connector and timeouts to use (its connect, read and total timeouts bound the
    /// handshake; its read timeout, 30 s when null, bounds each later send); null uses a default client's.</param>
    /// <returns>The open WebSocket.</returns>
    /// <exception cref="GreenHttpConnectException">The connection could not be opened.</exception>
    /// <exception cref="GreenHttpStatusException">The server answered with a status other than 101.</exception>
    /// <exception cref="GreenHttpProtocolException">The server's answer is not a valid WebSocket handshake.</exception>
    /// <exception cref="GreenHttpTimeoutException">The handshake took too long.</exception>
    [Cooperative(nameof(ConnectAwaitable))]
    public static GreenWebSocket Connect(string url, GreenHttpClient? client = null) => PlainCallBridge.Run(() => ConnectCoreAsync(url, client));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Connect"/> instead.</summary>
    /// <param name="url">A <c>ws://</c> URL.</param>
    /// <param name="client">Whose connector and timeouts to use.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenTask<GreenWebSocket> ConnectAwaitable(string url, GreenHttpClient? client = null) => ConnectCoreAsync(url, client);

    private static async GreenTask<GreenWebSocket> ConnectCoreAsync(string url, GreenHttpClient? client)
    {
        var given = GreenHttpRequest.ParseUrl(url);
        var httpUrl = new UriBuilder(given) { Scheme = given.Scheme switch { "ws" => "http", "wss" => "https", var other => other }, Port = given.Port }.Uri;
        client ??= new GreenHttpClient();
        var clock = new RequestClock(Hub.Current, client.ReadTimeout.InSeconds(), client.TotalTimeout.InSeconds()) { Url = given };
        var stream = await client.OpenConnectionAsync(httpUrl, clock);
        try
        {
            var keyBytes = new byte[16];
            System.Security.Cryptography.RandomNumberGenerator.Fill(keyBytes);
            var key = Convert.ToBase64String(keyBytes);
            var head = Encoding.Latin1.GetBytes(
                $"GET {httpUrl.PathAndQuery} HTTP/1.1\r\nHost: {httpUrl.GetComponents(UriComponents.Host | UriComponents.Port, UriFormat.UriEscaped)}\r\n" +
                $"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n");
            var connection = new ClientConnection(GreenHttpOrigin.Of(httpUrl), stream);
            await connection.SendAsync(head, clock);

            var response = new GreenHttpResponse(given);
            while (!(connection.Buffered > 0 && ResponseHeadParser.TryParse(connection.Unread, client.MaxResponseHeadBytes, response, out var consumed) && Consume(connection, consumed)))
            {
                if (await connection.FillAsync(clock) == 0)
                {
                    throw new GreenHttpProtocolException(given, "the connection closed before the handshake's answer");
                }
            }

            if (response.StatusCode != 101)
            {
                throw new GreenHttpStatusException(given, response.StatusCode, response.ReasonPhrase);
            }

            if (!string.Equals(response.Headers["Upgrade"], "websocket", StringComparison.OrdinalIgnoreCase)
                || !ResponseHeadParser.HasToken(response.Headers, "Connection", "upgrade")
                || response.Headers["Sec-WebSocket-Accept"] != WebSocketHandshake.ComputeAccept(key))
            {
                throw new GreenHttpProtocolException(given, "the 101 response is not a valid WebSocket handshake (Upgrade, Connection or Sec-WebSocket-Accept)");
            }

            var request = new HttpRequest();
            if (!HttpRequestParser.TryParse(head, 0, head.Length, HttpLimits.Default, request, out _))
            {
                throw new InvalidOperationException("the client's own upgrade request does not parse");
            }

            var socket = new GreenWebSocket(stream, request, connection.Unread, WebSocketLimits.Default, client.ReadTimeout.InSeconds() ?? 30, null, null);
            socket.ActAsClient();
            return socket;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static bool Consume(ClientConnection connection, int consumed)
    {
        connection.Start += consumed;
        return true;
    }
}
