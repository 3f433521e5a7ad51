using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Greenlets;

/// <summary>
/// A line-based command console into a running hub, for operators: it prints the run info, lists the live greenlets
/// with their state and where each is suspended, and kills a greenlet by id. It listens on loopback only, unless
/// told otherwise explicitly, and can demand a token first. Never expose it: whoever reaches it can kill any greenlet
/// and read everything the run info shows (docs/backdoor.md).
/// </summary>
/// <remarks>
/// gevent: <c>gevent.backdoor.BackdoorServer(('127.0.0.1', port))</c>, without its Python REPL: C# has no
/// interpreter in the process to hand a line to, so this is a fixed set of commands, not a language.
/// </remarks>
public sealed partial class BackdoorServer : IDisposable
{
    /// <summary>The commands, as <c>help</c> prints them.</summary>
    public static string HelpText { get; } = """
        help            this list
        info            the hub and every greenlet, as Hub.FormatRunInfo() writes them
        list            the live greenlets: id, state, and where each is suspended
        kill <id>       raises GreenletExit in the greenlet with that id, at its suspension point
        quit            closes the session
        """;

    private readonly StreamServer _server;
    private readonly byte[]? _token;

    /// <summary>
    /// Creates a backdoor that will listen on <paramref name="address"/>; call <see cref="Start"/> to open it. An
    /// address other than loopback is refused unless <paramref name="allowNonLoopback"/> is set.
    /// </summary>
    /// <param name="address">Where to listen; a loopback address (127.0.0.1 or ::1), port 0 for any free port.</param>
    /// <param name="token">When set, a session must send <c>token &lt;value&gt;</c> as its first line, or it is closed.</param>
    /// <param name="allowNonLoopback">Lets the backdoor listen beyond loopback. Do not: see the type's remarks.</param>
    /// <exception cref="ArgumentException">The address is not loopback and <paramref name="allowNonLoopback"/> is not set.</exception>
    public BackdoorServer(IPEndPoint address, string? token = null, bool allowNonLoopback = false)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!IPAddress.IsLoopback(address.Address) && !allowNonLoopback)
        {
            throw new ArgumentException(
                $"The backdoor listens on loopback only, and {address.Address} is not loopback; pass allowNonLoopback: true only behind something that keeps everyone else out.",
                nameof(address));
        }

        _token = token is null ? null : Encoding.UTF8.GetBytes(token);
        _server = new StreamServer(address, (stream, _) => ServeAwaitable(stream));
    }

    /// <summary>Creates a backdoor on 127.0.0.1 at <paramref name="port"/> (0 for any free port).</summary>
    /// <param name="port">The port.</param>
    /// <param name="token">When set, a session must send <c>token &lt;value&gt;</c> as its first line.</param>
    public BackdoorServer(int port = 0, string? token = null)
        : this(new IPEndPoint(IPAddress.Loopback, port), token)
    {
    }

    /// <summary>Where it listens, once started.</summary>
    public IPEndPoint Address => _server.Address;

    /// <summary>Starts listening; sessions are served by greenlets on this hub.</summary>
    /// <remarks>gevent: <c>BackdoorServer.start()</c>.</remarks>
    public void Start() => _server.Start();

    /// <summary>Stops listening and closes the sessions.</summary>
    /// <remarks>gevent: <c>BackdoorServer.stop()</c>.</remarks>
    public void Dispose() => _server.Dispose();

    /// <summary>
    /// Serves one session over <paramref name="stream"/> until <c>quit</c> or the end of the stream: what each
    /// connection gets, and what a test or an in-process console can drive over <see cref="GreenStream.CreatePair"/>.
    /// Each reply ends with a line holding a single <c>.</c>.
    /// </summary>
    /// <param name="stream">The session's stream; left open.</param>
    /// <remarks>gevent: <c>BackdoorServer.handle(conn, address)</c>.</remarks>
    [Cooperative(nameof(ServeAwaitable))]
    public void Serve(GreenStream stream)
    {
        using var reader = OpenSession(stream);
        if (_token is not null && !IsToken(reader.ReadLine()))
        {
            stream.Write(s_tokenRequired);
            return;
        }

        stream.Write(Banner());
        while (reader.ReadLine() is { } line)
        {
            var (reply, quit) = Run(Hub.Current, line);
            stream.Write(reply);
            if (quit)
            {
                return;
            }
        }
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Serve"/> instead.</summary>
    /// <param name="stream">The session's stream.</param>
    /// <returns>The running call.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask ServeAwaitable(GreenStream stream)
    {
        using var reader = OpenSession(stream);
        if (_token is not null && !IsToken(await reader.ReadLineAwaitable()))
        {
            await stream.WriteAwaitable(s_tokenRequired);
            return;
        }

        await stream.WriteAwaitable(Banner());
        while (await reader.ReadLineAwaitable() is { } line)
        {
            var (reply, quit) = Run(Hub.Current, line);
            await stream.WriteAwaitable(reply);
            if (quit)
            {
                return;
            }
        }
    }

    private static readonly byte[] s_tokenRequired = Encoding.UTF8.GetBytes("error: token required\n");

    private static GreenStreamReader OpenSession(GreenStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new GreenStreamReader(stream, Encoding.UTF8, leaveOpen: true) { MaxLineBytes = 4096 };
    }

    private bool IsToken(string? line) =>
        line is not null && line.StartsWith("token ", StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(line[6..].Trim()), _token);

    private static byte[] Banner() =>
        Encoding.UTF8.GetBytes($"Greenlet backdoor on the hub of thread {Environment.CurrentManagedThreadId}. Type help.\n");

    /// <summary>Runs one command line; the reply, ending with the <c>.</c> line, and whether the session ends.</summary>
    private static (byte[] Reply, bool Quit) Run(Hub hub, string line)
    {
        var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (text, quit) = parts.FirstOrDefault() switch
        {
            null => ("", false),
            "help" => (HelpText, false),
            "info" => (hub.FormatRunInfo(), false),
            "list" => (hub.DescribeGreenlets(), false),
            "kill" when parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) => (Kill(hub, id), false),
            "quit" => ("bye", true),
            _ => ($"error: unknown command '{line.Trim()}'; type help", false),
        };
        return (Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n.\n"), quit);
    }

    /// <summary>Raises GreenletExit in the greenlet without waiting: a hub callback's work, so the session never blocks on it.</summary>
    private static string Kill(Hub hub, int id)
    {
        var target = hub.LiveGreenlets.FirstOrDefault(g => g.Id == id);
        if (target is null)
        {
            return $"error: no live greenlet {id}";
        }

        if (ReferenceEquals(target, Greenlet.Current))
        {
            return "error: that is this session";
        }

        target.Kill(block: false);
        return $"killing {target}";
    }
}
