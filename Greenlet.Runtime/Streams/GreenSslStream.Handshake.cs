using System.ComponentModel;
using System.Net.Security;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography.X509Certificates;

namespace Greenlets;

public sealed partial class GreenSslStream
{
    private const string ServerHandshake = "GreenSslStream.AuthenticateAsServer";
    private const string ClientHandshake = "GreenSslStream.AuthenticateAsClient";

    private Task? _handshake;
    private bool _isServer;
    private CertificateCheck? _check;

    /// <summary>
    /// gevent: <c>SSLContext.wrap_socket(sock, server_side=True)</c> and <c>do_handshake()</c>. Runs the server side of
    /// the handshake, waiting up to <paramref name="timeout"/> for the whole of it.
    /// </summary>
    /// <param name="options">The platform's server options: the certificate (build an
    /// <see cref="SslServerAuthenticationOptions.ServerCertificateContext"/> once, as <see cref="CreateServerOptions"/>
    /// does, so that no connection builds a chain), protocols, ALPN, client certificates. They are not modified.</param>
    /// <param name="timeout">The longest the handshake may take; null waits as long as it takes.</param>
    /// <exception cref="GreenSslException">The handshake failed: the message says why (the client did not speak TLS,
    /// no protocol in common, the client's certificate was refused, the client went away). The stream is closed.</exception>
    /// <exception cref="SocketTimeoutException">The handshake took longer than <paramref name="timeout"/>. The stream is closed.</exception>
    [Cooperative(nameof(AuthenticateAsServerAwaitable))]
    public void AuthenticateAsServer(SslServerAuthenticationOptions options, GreenDuration? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        BeginHandshake(isServer: true);
        RunHandshake(() => _ssl.AuthenticateAsServerAsync(options), timeout.InSeconds(), ServerHandshake);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="AuthenticateAsServer"/> instead.</summary>
    /// <param name="options">The platform's server options.</param>
    /// <param name="timeout">The longest the handshake may take.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask AuthenticateAsServerAwaitable(SslServerAuthenticationOptions options, GreenDuration? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        BeginHandshake(isServer: true);
        return RunHandshakeAsync(() => _ssl.AuthenticateAsServerAsync(options), timeout.InSeconds(), ServerHandshake);
    }

    /// <summary>
    /// gevent: <c>SSLContext.wrap_socket(sock, server_hostname=host)</c> and <c>do_handshake()</c>. Runs the client
    /// side of the handshake, waiting up to <paramref name="timeout"/> for the whole of it.
    /// </summary>
    /// <param name="options">The platform's client options. Set <see cref="SslClientAuthenticationOptions.TargetHost"/>:
    /// it is sent as SNI and the server's certificate must be valid for it. The certificate is checked against the
    /// system's trust store unless <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>
    /// decides; with no <see cref="SslClientAuthenticationOptions.CertificateChainPolicy"/>, chain building downloads
    /// nothing (a download would block the hub). The options are not modified.</param>
    /// <param name="timeout">The longest the handshake may take; null waits as long as it takes.</param>
    /// <exception cref="GreenSslException">The handshake failed: the message says why (the certificate expired, is for
    /// another host, or is not trusted; the server did not speak TLS; no protocol in common). The stream is closed.</exception>
    /// <exception cref="SocketTimeoutException">The handshake took longer than <paramref name="timeout"/>. The stream is closed.</exception>
    [Cooperative(nameof(AuthenticateAsClientAwaitable))]
    public void AuthenticateAsClient(SslClientAuthenticationOptions options, GreenDuration? timeout = null)
    {
        var checkedOptions = BeginClientHandshake(options);
        RunHandshake(() => _ssl.AuthenticateAsClientAsync(checkedOptions), timeout.InSeconds(), ClientHandshake);
    }

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="AuthenticateAsClient"/> instead.</summary>
    /// <param name="options">The platform's client options.</param>
    /// <param name="timeout">The longest the handshake may take.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask AuthenticateAsClientAwaitable(SslClientAuthenticationOptions options, GreenDuration? timeout = null)
    {
        var checkedOptions = BeginClientHandshake(options);
        return RunHandshakeAsync(() => _ssl.AuthenticateAsClientAsync(checkedOptions), timeout.InSeconds(), ClientHandshake);
    }

    private void BeginHandshake(bool isServer)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_handshake is not null)
        {
            throw new InvalidOperationException("The TLS stream has already begun its handshake.");
        }

        _isServer = isServer;
    }

    private SslClientAuthenticationOptions BeginClientHandshake(SslClientAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        BeginHandshake(isServer: false);
        _check = new CertificateCheck(options.RemoteCertificateValidationCallback);
        return TlsClientDefaults.WithDefaults(options, _check.Validate);
    }

    private void RunHandshake(Func<Task> start, double? timeout, string operation)
    {
        var deadline = Deadline(timeout);
        try
        {
            _handshake = start();
            while (!AdvanceHandshake())
            {
                var hub = Hub.Current.BeginBlockingCall(operation);
                var wait = _transport.HasBacklog ? _inner.WaitWritableAsync(Remaining(deadline)) : _inner.WaitReadableAsync(Remaining(deadline));
                if (!wait.Block(hub))
                {
                    throw new SocketTimeoutException(operation, timeout ?? 0);
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private async GreenTask RunHandshakeAsync(Func<Task> start, double? timeout, string operation)
    {
        var deadline = Deadline(timeout);
        try
        {
            _handshake = start();
            while (!AdvanceHandshake())
            {
                bool ready;
                if (_transport.HasBacklog)
                {
                    ready = await _inner.WaitWritableAsync(Remaining(deadline));
                }
                else
                {
                    ready = await _inner.WaitReadableAsync(Remaining(deadline));
                }

                if (!ready)
                {
                    throw new SocketTimeoutException(operation, timeout ?? 0);
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Moves the handshake on as far as it goes without waiting: sends what is queued, and hands SslStream what has
    /// arrived (its continuation runs here). True once it succeeded and every record of it is with the transport.
    /// </summary>
    private bool AdvanceHandshake()
    {
        var handshake = _handshake!;
        try
        {
            _transport.TryFlush();
            while (!handshake.IsCompleted && _transport.TryCompletePendingRead())
            {
                _transport.TryFlush();
            }
        }
        catch (IOException e)
        {
            throw Explain(e);
        }

        if (!handshake.IsCompleted)
        {
            return false;
        }

        if (handshake.Exception is { } failure)
        {
            FlushQuietly(); // the alert SslStream wrote, if the transport takes it
            var cause = failure.InnerException ?? failure;
            if (cause is ArgumentException or InvalidOperationException or NotSupportedException)
            {
                ExceptionDispatchInfo.Throw(cause); // the options were wrong: not a handshake failure
            }

            throw Explain(cause);
        }

        try
        {
            if (!_transport.TryFlush())
            {
                return false;
            }
        }
        catch (IOException e)
        {
            throw Explain(e);
        }

        ReleaseBuffersWhenIdle();
        IsAuthenticated = true;
        return true;
    }

    private void ObserveHandshake()
    {
        if (_handshake is { IsCompleted: true, Exception: { } error })
        {
            _ = error; // observed: no UnobservedTaskException when it is collected
        }
    }

    private GreenSslException Explain(Exception cause)
    {
        var side = _isServer ? "server" : "client";
        var reason = HandshakeFailure.Describe(cause, _isServer, _transport.FirstBytes.AsSpan(0, _transport.FirstBytesCount), _check, TargetHostForMessage());
        return new GreenSslException($"TLS handshake ({side} side) failed: {reason}", cause, _check?.PolicyErrors ?? SslPolicyErrors.None, _check?.ChainStatus ?? X509ChainStatusFlags.NoError);
    }

    private string? TargetHostForMessage()
    {
        try
        {
            return _ssl.TargetHostName;
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            return null;
        }
    }
}
