using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Greenlets;

namespace Chat;

/// <summary>
/// The tutorial's chat room as a real web application: choose a name, pick a room, post, and see everyone's
/// messages arrive by long polling (10 s). Each room keeps a backlog of 25 messages. Also serves the tutorial's
/// websocket page, which draws points the server pushes every 0.5 s.
/// </summary>
public static partial class ChatApp
{
    private static readonly Dictionary<string, Room> s_rooms = new() { ["topic1"] = new("topic1"), ["topic2"] = new("topic2") };
    private static readonly Dictionary<string, User> s_users = [];

    /// <summary>
    /// The routes of the application, and its WebSocket handler, on a new server; with <paramref name="tls"/> it serves
    /// https and wss only.
    /// </summary>
    public static HttpServer CreateServer(string host, int port, System.Net.Security.SslServerAuthenticationOptions? tls = null)
    {
        var router = new HttpRouter()
            .MapGet("/", ChooseName)
            .MapGet("/points", PointsPage)
            .MapGet("/<uid>", MainPage)
            .MapGet("/<room>/<uid>", Join)
            .MapPost("/put/<room>/<uid>", Put)
            .MapPost("/poll/<uid>", Poll);
        return new HttpServer(host, port, router) { WebSocketHandler = Points, Tls = tls };
    }

    private sealed class Room(string name)
    {
        private readonly List<User> _users = [];
        private readonly List<string> _messages = [];

        public string Name { get; } = name;

        public IEnumerable<string> Backlog(int size = 25) => _messages.Skip(Math.Max(0, _messages.Count - size));

        public void Subscribe(User user)
        {
            if (!_users.Contains(user))
            {
                _users.Add(user);
            }
        }

        public void Add(string message)
        {
            foreach (var user in _users)
            {
                user.Queue.PutNowait(message);
            }

            _messages.Add(message);
        }
    }

    private sealed class User(string uid)
    {
        public string Uid { get; } = uid;

        public GreenQueue<string> Queue { get; } = new();
    }

    [Greenlet]
    private static HttpBody ChooseName(HttpRequest request, HttpResponse response) =>
        Html(response, "<!doctype html><meta charset=\"utf-8\"><h1>Choose a name</h1>\n<form onsubmit=\"location.href = '/' + this.uid.value; return false\"><input name=\"uid\"></form>\n");

    [Greenlet]
    private static HttpBody MainPage(HttpRequest request, HttpResponse response)
    {
        var uid = request.RouteValues["uid"];
        var links = string.Concat(s_rooms.Keys.Select(r => $"<li><a href=\"/{Escape(r)}/{Escape(uid)}\">{Escape(r)}</a></li>\n"));
        return Html(response, $"<!doctype html><meta charset=\"utf-8\"><h1>Hello {Escape(uid)}</h1>\n<ul>\n{links}</ul>\n");
    }

    [Greenlet]
    private static HttpBody Join(HttpRequest request, HttpResponse response)
    {
        var (roomName, uid) = (request.RouteValues["room"], request.RouteValues["uid"]);
        if (!s_rooms.TryGetValue(roomName, out var room))
        {
            response.StatusCode = 404;
            return "no such room";
        }

        if (!s_users.TryGetValue(uid, out var user))
        {
            s_users[uid] = user = new User(uid);
        }

        room.Subscribe(user);
        var items = string.Concat(room.Backlog().Select(m => $"<li>{Escape(m)}</li>\n"));
        return Html(response, Page("room.html")
            .Replace("{room_json}", JsonSerializer.Serialize(roomName, ChatJson.Default.String))
            .Replace("{uid_json}", JsonSerializer.Serialize(uid, ChatJson.Default.String))
            .Replace("{message_items}", items)
            .Replace("{room}", Escape(roomName))
            .Replace("{uid}", Escape(uid)));
    }

    [Greenlet]
    private static HttpBody Put(HttpRequest request, HttpResponse response)
    {
        var (roomName, uid) = (request.RouteValues["room"], request.RouteValues["uid"]);
        var form = request.ReadForm();
        if (!s_rooms.TryGetValue(roomName, out var room) || !s_users.ContainsKey(uid) || !form.TryGetValue("message", out var message))
        {
            response.StatusCode = 400;
            return "join the room first, and post a message field";
        }

        room.Add($"{uid}:{message}");
        return "";
    }

    [Greenlet]
    private static HttpBody Poll(HttpRequest request, HttpResponse response)
    {
        response.ContentType = "application/json";
        if (!s_users.TryGetValue(request.RouteValues["uid"], out var user))
        {
            return "[]";
        }

        try
        {
            return JsonSerializer.Serialize(user.Queue.Get(timeout: 10), ChatJson.Default.String);
        }
        catch (QueueEmptyException)
        {
            return "[]";
        }
    }

    [Greenlet]
    private static HttpBody PointsPage(HttpRequest request, HttpResponse response) => Html(response, Page("points.html"));

    [Greenlet]
    private static void Points(GreenWebSocket socket)
    {
        var x = 0;
        while (!socket.IsClosed)
        {
            socket.Send($"{{\"x\": {x}, \"y\": {x * 7 % 5 + 1}}}");
            x++;
            Greenlet.Sleep(0.5);
        }
    }

    private static HttpBody Html(HttpResponse response, string html)
    {
        response.ContentType = "text/html; charset=utf-8";
        return html;
    }

    // The pages are resources embedded in the assembly: the stream reads memory, not a file, so it never blocks.
    [NonBlocking]
    private static string Page(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new FileNotFoundException(name);
        return new StreamReader(stream).ReadToEnd();
    }

    private static string Escape(string text) => System.Net.WebUtility.HtmlEncode(text);
}

/// <summary>The JSON the chat writes, generated at compile time so that a native AOT build needs no reflection.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class ChatJson : JsonSerializerContext;
