using System.Runtime.InteropServices;

namespace Greenlets;

/// <summary>
/// libzmq (Debian's libzmq5, 4.3.x) through source-generated P/Invoke. Every call is non-blocking as we make it:
/// sends and receives pass <see cref="ZMQ_DONTWAIT"/>, and the hub waits on the socket's <see cref="ZMQ_FD"/>.
/// </summary>
internal static unsafe partial class ZmqNative
{
    private const string Library = "libzmq.so.5";

    /// <summary>The package that provides <see cref="Library"/>, named in the error when it cannot be loaded.</summary>
    public const string Package = "libzmq5";

    public const int ZMQ_IO_THREADS = 1;

    public const int ZMQ_ROUTING_ID = 5;
    public const int ZMQ_SUBSCRIBE = 6;
    public const int ZMQ_UNSUBSCRIBE = 7;
    public const int ZMQ_RCVMORE = 13;
    public const int ZMQ_FD = 14;
    public const int ZMQ_EVENTS = 15;
    public const int ZMQ_TYPE = 16;
    public const int ZMQ_LINGER = 17;
    public const int ZMQ_RECONNECT_IVL = 18;
    public const int ZMQ_MAXMSGSIZE = 22;
    public const int ZMQ_SNDHWM = 23;
    public const int ZMQ_RCVHWM = 24;
    public const int ZMQ_LAST_ENDPOINT = 32;
    public const int ZMQ_ROUTER_MANDATORY = 33;
    public const int ZMQ_IMMEDIATE = 39;
    public const int ZMQ_CONFLATE = 54;

    public const int ZMQ_DONTWAIT = 1;
    public const int ZMQ_SNDMORE = 2;

    public const int ZMQ_POLLIN = 1;
    public const int ZMQ_POLLOUT = 2;

    public const int EAGAIN = 11;
    public const int EINTR = 4;
    private const int ZMQ_HAUSNUMERO = 156384712;
    public const int EFSM = ZMQ_HAUSNUMERO + 51;
    public const int ETERM = ZMQ_HAUSNUMERO + 53;

    /// <summary>Where <see cref="EnsureLoaded"/> looks for libzmq. Tests point it elsewhere to see the error.</summary>
    internal static string ProbedLibrary { get; set; } = Library;

    private static bool s_loaded;

    /// <summary>
    /// Loads libzmq once, or fails with an exception that names the package to install. Called before the first
    /// P/Invoke, so that a missing library is reported as such instead of as an entry point the runtime could not find.
    /// </summary>
    public static void EnsureLoaded()
    {
        if (s_loaded)
        {
            return;
        }

        if (!NativeLibrary.TryLoad(ProbedLibrary, typeof(ZmqNative).Assembly, null, out _))
        {
            throw new DllNotFoundException(
                $"ZeroMQ needs libzmq ({ProbedLibrary}), which could not be loaded. Install it: apt-get install {Package}.");
        }

        s_loaded = ProbedLibrary == Library;
    }

    /// <summary>Forgets a successful load, so that the next <see cref="EnsureLoaded"/> probes again.</summary>
    internal static void ResetLoadCheck() => s_loaded = false;

    [LibraryImport(Library)]
    public static partial void zmq_version(out int major, out int minor, out int patch);

    [LibraryImport(Library)]
    public static partial int zmq_errno();

    [LibraryImport(Library)]
    public static partial byte* zmq_strerror(int errnum);

    [LibraryImport(Library)]
    public static partial nint zmq_ctx_new();

    [LibraryImport(Library)]
    public static partial int zmq_ctx_set(nint context, int option, int value);

    [LibraryImport(Library)]
    public static partial int zmq_ctx_term(nint context);

    [LibraryImport(Library)]
    public static partial nint zmq_socket(nint context, int type);

    [LibraryImport(Library)]
    public static partial int zmq_close(nint socket);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int zmq_bind(nint socket, string endpoint);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int zmq_connect(nint socket, string endpoint);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int zmq_unbind(nint socket, string endpoint);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int zmq_disconnect(nint socket, string endpoint);

    [LibraryImport(Library)]
    public static partial int zmq_setsockopt(nint socket, int option, void* value, nuint length);

    [LibraryImport(Library)]
    public static partial int zmq_getsockopt(nint socket, int option, void* value, nuint* length);

    [LibraryImport(Library)]
    public static partial int zmq_send(nint socket, void* buffer, nuint length, int flags);

    [LibraryImport(Library)]
    public static partial int zmq_recv(nint socket, void* buffer, nuint length, int flags);

    [LibraryImport(Library)]
    public static partial int zmq_msg_init(ZmqMsg* message);

    [LibraryImport(Library)]
    public static partial int zmq_msg_recv(ZmqMsg* message, nint socket, int flags);

    [LibraryImport(Library)]
    public static partial int zmq_msg_close(ZmqMsg* message);

    [LibraryImport(Library)]
    public static partial void* zmq_msg_data(ZmqMsg* message);

    [LibraryImport(Library)]
    public static partial nuint zmq_msg_size(ZmqMsg* message);

    [LibraryImport(Library)]
    public static partial int zmq_msg_more(ZmqMsg* message);

    /// <summary>libzmq's message of 4.3: 64 opaque bytes aligned as a pointer.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    public struct ZmqMsg
    {
        private readonly long _first;
    }

    /// <summary>The text libzmq gives for an error number.</summary>
    public static string ErrorText(int error) => Marshal.PtrToStringUTF8((nint)zmq_strerror(error)) ?? $"error {error}";
}
