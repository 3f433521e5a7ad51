using System.Net.Sockets;

namespace Greenlets;

/// <summary>Turns the errno of a failed socket call into the <see cref="SocketException"/> .NET code expects.</summary>
internal static class SocketErrors
{
    public static SocketException FromErrno(int errno, string operation) =>
        new((int)ToSocketError(errno), $"{operation} failed: {Describe(errno)} (errno {errno}).");

    public static SocketException Last(string operation) => FromErrno(SocketNative.LastError, operation);

    public static SocketError ToSocketError(int errno) => errno switch
    {
        SocketNative.EAGAIN => SocketError.WouldBlock,
        SocketNative.EINPROGRESS => SocketError.InProgress,
        SocketNative.ECONNREFUSED => SocketError.ConnectionRefused,
        SocketNative.ECONNRESET => SocketError.ConnectionReset,
        SocketNative.ECONNABORTED => SocketError.ConnectionAborted,
        SocketNative.EPIPE or SocketNative.ESHUTDOWN => SocketError.Shutdown,
        SocketNative.EADDRINUSE => SocketError.AddressAlreadyInUse,
        SocketNative.EADDRNOTAVAIL => SocketError.AddressNotAvailable,
        SocketNative.ETIMEDOUT => SocketError.TimedOut,
        SocketNative.ENOTCONN => SocketError.NotConnected,
        SocketNative.EISCONN => SocketError.IsConnected,
        SocketNative.EALREADY => SocketError.AlreadyInProgress,
        SocketNative.EHOSTUNREACH => SocketError.HostUnreachable,
        SocketNative.EHOSTDOWN => SocketError.HostDown,
        SocketNative.ENETUNREACH => SocketError.NetworkUnreachable,
        SocketNative.ENETDOWN => SocketError.NetworkDown,
        SocketNative.EINVAL => SocketError.InvalidArgument,
        SocketNative.EACCES or SocketNative.EPERM => SocketError.AccessDenied,
        SocketNative.EMFILE or SocketNative.ENFILE => SocketError.TooManyOpenSockets,
        SocketNative.ENOBUFS or SocketNative.ENOMEM => SocketError.NoBufferSpaceAvailable,
        SocketNative.EMSGSIZE => SocketError.MessageSize,
        SocketNative.EBADF => SocketError.OperationAborted,
        _ => SocketError.SocketError,
    };

    private static string Describe(int errno) => System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno);
}
