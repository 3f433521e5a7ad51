using System.Net;
using System.Text;
using Greenlets;

namespace Tour;

/// <summary>
/// The chat server: rooms, users with a queue each, a backlog of 25, put, and a long poll that waits up to 10 s.
/// As in the reference program, a scripted client drives it: alice and bob join, bob polls, alice posts.
/// </summary>
public static partial class ChatExample
{
    private sealed class Room(string name)
    {
        public string Name { get; } = name;
        public List<User> Users { get; } = [];
        public List<string> Messages { get; } = [];

        public IEnumerable<string> Backlog(int size = 25) => Messages.Skip(Math.Max(0, Messages.Count - size));

        public void Subscribe(User user)
        {
            if (!Users.Contains(user))
            {
                Users.Add(user);
            }
        }

        public void Add(string message)
        {
            foreach (var user in Users)
            {
                Console.WriteLine(user);
                user.Queue.PutNowait(message);
            }

            Messages.Add(message);
        }

        public override string ToString() => $"<Room {Name}>";
    }

    private sealed class User(string uid)
    {
        public string Uid { get; } = uid;
        public GreenQueue<string> Queue { get; } = new();

        public override string ToString() => $"<User {Uid}>";
    }

    private static Dictionary<string, Room> s_rooms = [];
    private static Dictionary<string, User> s_users = [];

    private static HttpBody Html(HttpResponse response, string html)
    {
        response.ContentType = "text/html; charset=utf-8";
        return html;
    }

    [Greenlet]
    private static HttpBody ChooseName(HttpRequest request, HttpResponse response) =>
        Html(response, "<h1>Choose a name</h1>\n<form onsubmit=\"location.href = '/' + this.uid.value; return false\"><input name=\"uid\"></form>\n");

    [Greenlet]
    private static HttpBody MainPage(HttpRequest request, HttpResponse response)
    {
        var uid = request.RouteValues["uid"];
        var links = string.Concat(s_rooms.Keys.Select(r => $"<li><a href=\"/{Escape(r)}/{Escape(uid)}\">{Escape(r)}</a></li>\n"));
        return Html(response, $"<h1>Hello {Escape(uid)}</h1>\n<ul>\n{links}</ul>\n");
    }

    [Greenlet]
    private static HttpBody Join(HttpRequest request, HttpResponse response)
    {
        var (roomName, uid) = (request.RouteValues["room"], request.RouteValues["uid"]);
        if (!s_users.TryGetValue(uid, out var user))
        {
            s_users[uid] = user = new User(uid);
        }

        var room = s_rooms[roomName];
        room.Subscribe(user);
        Console.WriteLine($"subscribe {room} {user}");
        var items = string.Concat(room.Backlog().Select(m => $"<li>{Escape(m)}</li>\n"));
        return Html(response, $"<h1>{Escape(roomName)} ({Escape(uid)})</h1>\n<ul id=\"messages\">\n{items}</ul>\n<form><input name=\"message\"></form>\n");
    }

    [Greenlet]
    private static HttpBody Put(HttpRequest request, HttpResponse response)
    {
        var (roomName, uid) = (request.RouteValues["room"], request.RouteValues["uid"]);
        _ = s_users[uid];
        var message = request.ReadForm()["message"];
        s_rooms[roomName].Add($"{uid}:{message}");
        return Html(response, "");
    }

    [Greenlet]
    private static HttpBody Poll(HttpRequest request, HttpResponse response)
    {
        string json;
        try
        {
            json = System.Text.Json.JsonSerializer.Serialize(s_users[request.RouteValues["uid"]].Queue.Get(timeout: 10), ChatExampleJson.Default.String);
        }
        catch (QueueEmptyException)
        {
            json = "[]";
        }

        return Html(response, json);
    }

    /// <summary>Python's <c>html.escape</c>.</summary>
    private static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#x27;");

    [Greenlet]
    private static (string Status, string Content) Http(int port, string method, string path, string? form)
    {
        var body = form ?? "";
        using var connection = GreenSocket.CreateConnection(new IPEndPoint(IPAddress.Loopback, port));
        connection.SendAll(Encoding.UTF8.GetBytes(
            $"{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}"));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = connection.RecvInto(buffer)) > 0)
        {
            received.Write(buffer, 0, n);
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var statusLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        return (statusLine[(statusLine.IndexOf(' ') + 1)..], text[(split + 4)..]);
    }

    private static void Show(string who, string method, string path, (string Status, string Content) response)
    {
        Console.WriteLine($"[{who}] {method} {path} -> {response.Status}");
        if (response.Content.Length > 0)
        {
            Console.Write(response.Content.EndsWith('\n') ? response.Content : response.Content + "\n");
        }
    }

    [Greenlet]
    private static void Visit(int port, string who, string method, string path, string? form) =>
        Show(who, method, path, Http(port, method, path, form));

    [Greenlet]
    private static void Script(int port)
    {
        Visit(port, "alice", "GET", "/", null);
        Visit(port, "alice", "GET", "/alice", null);
        Visit(port, "alice", "GET", "/topic1/alice", null);
        Visit(port, "bob", "GET", "/topic1/bob", null);
        var bobPoll = Greenlet.Spawn(Http, port, "POST", "/poll/bob", (string?)null);
        Greenlet.Sleep(0.2);
        Console.WriteLine("(bob is waiting on /poll/bob)");
        Visit(port, "alice", "POST", "/put/topic1/alice", "message=hello");
        Show("bob", "POST", "/poll/bob", bobPoll.Get());
        Visit(port, "alice", "POST", "/poll/alice", null);
        Visit(port, "carol", "GET", "/topic1/carol", null);
    }

    public static void Run()
    {
        s_rooms = new() { ["topic1"] = new Room("topic1"), ["topic2"] = new Room("topic2") };
        s_users = [];
        var router = new HttpRouter()
            .MapGet("/", ChooseName)
            .MapGet("/<uid>", MainPage)
            .MapGet("/<room>/<uid>", Join)
            .MapPost("/put/<room>/<uid>", Put)
            .MapPost("/poll/<uid>", Poll);
        var server = new HttpServer("127.0.0.1", 0, router) { AccessLog = null };
        server.Start();
        Greenlet.Spawn(Script, server.Port).Join(20);
        server.Stop();
    }
}

/// <summary>The JSON the example writes, generated at compile time so that a native AOT build needs no reflection.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class ChatExampleJson : System.Text.Json.Serialization.JsonSerializerContext;
