using System.Net.Security;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Greenlets;

public sealed partial class GreenSslStream
{
    /// <summary>True once OpenSSL was told to free this connection's record buffers while it is idle.</summary>
    internal bool ReleasesBuffersWhenIdle { get; private set; }

    /// <summary>The <c>SSL*</c> behind the SslStream, or zero where there is none to reach (not Linux, another runtime).</summary>
    internal nint OpenSslHandle => IdleBuffers.SslHandle(_ssl);

    /// <summary>
    /// Asks OpenSSL to free the connection's read and write record buffers (about 16.7 KB each) whenever they are
    /// empty, as Python's ssl module and nginx do: <c>SSL_MODE_RELEASE_BUFFERS</c>. SslStream does not set it and
    /// exposes no <c>SSL*</c>, so this reaches it through a private field; any surprise (another runtime, another
    /// libssl, a field that moved) leaves the connection as SslStream made it. docs/tls.md, "Idle memory".
    /// </summary>
    private void ReleaseBuffersWhenIdle() => ReleasesBuffersWhenIdle = IdleBuffers.TryApply(_ssl, _isServer);

    /// <summary>
    /// OpenSSL's <c>SSL_ctrl</c> and <c>SSL_is_server</c>, from the libssl.so.3 .NET already loaded, and the private
    /// field of SslStream that holds the <c>SSL*</c> (a <c>SafeSslHandle</c> on Linux since .NET 8).
    /// </summary>
    internal static unsafe partial class IdleBuffers
    {
        /// <summary>SSL_CTRL_MODE: SSL_set_mode and SSL_get_mode are macros over SSL_ctrl with it.</summary>
        internal const int CtrlMode = 33;

        /// <summary>SSL_MODE_RELEASE_BUFFERS.</summary>
        internal const long ModeReleaseBuffers = 0x10;

        private const string SecurityContextField = "_securityContext";
        private const string SafeSslHandleType = "Microsoft.Win32.SafeHandles.SafeSslHandle";
        private const int RtldLazy = 0x1;
        private const int RtldNoLoad = 0x4;

        private static readonly FieldInfo? s_securityContext = typeof(SslStream).GetField(SecurityContextField, BindingFlags.Instance | BindingFlags.NonPublic);
        private static delegate* unmanaged<nint, int, nint, nint, nint> s_sslCtrl;
        private static delegate* unmanaged<nint, int> s_sslIsServer;
        private static bool s_unavailable = !OperatingSystem.IsLinux() || s_securityContext is null;

        /// <summary>
        /// True where the mode can be set: Linux, .NET's OpenSSL 3 shim, the field where it was. Before the process's
        /// first handshake .NET may not have loaded libssl yet: then this says false and asks again next time.
        /// </summary>
        internal static bool Available
        {
            get
            {
                if (s_sslCtrl == null && !s_unavailable)
                {
                    Resolve();
                }

                return s_sslCtrl != null;
            }
        }

        private static void Resolve()
        {
            try
            {
                // Only the libssl .NET itself loaded: RTLD_NOLOAD opens nothing new, so a process whose runtime chose
                // libssl.so.1.1 finds nothing here and is left alone.
                var library = dlopen("libssl.so.3", RtldLazy | RtldNoLoad);
                if (library == 0)
                {
                    return;
                }

                if (!NativeLibrary.TryGetExport(library, "SSL_ctrl", out var ctrl)
                    || !NativeLibrary.TryGetExport(library, "SSL_is_server", out var isServer))
                {
                    s_unavailable = true;
                    return;
                }

                s_sslIsServer = (delegate* unmanaged<nint, int>)isServer;
                s_sslCtrl = (delegate* unmanaged<nint, int, nint, nint, nint>)ctrl;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                s_unavailable = true;
            }
        }

        internal static nint SslHandle(SslStream ssl)
        {
            if (!Available)
            {
                return 0;
            }

            try
            {
                return s_securityContext!.GetValue(ssl) is SafeHandle context
                    && context.GetType().FullName == SafeSslHandleType
                    && !context.IsInvalid && !context.IsClosed
                    ? context.DangerousGetHandle()
                    : 0;
            }
            catch (Exception e) when (e is FieldAccessException or TargetException or ArgumentException)
            {
                return 0;
            }
        }

        /// <summary>SSL_get_mode.</summary>
        internal static long Mode(nint ssl) => ssl == 0 || !Available ? 0 : s_sslCtrl(ssl, CtrlMode, 0, 0);

        internal static bool TryApply(SslStream stream, bool isServer)
        {
            var ssl = SslHandle(stream);

            // The handle must be an SSL* of this libssl: its side is the one this stream took.
            if (ssl == 0 || s_sslIsServer(ssl) != (isServer ? 1 : 0))
            {
                return false;
            }

            s_sslCtrl(ssl, CtrlMode, (nint)ModeReleaseBuffers, 0);
            return (Mode(ssl) & ModeReleaseBuffers) != 0;
        }

        [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
        private static partial nint dlopen(string file, int mode);
    }
}
