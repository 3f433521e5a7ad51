using Greenlets.LowLevel;

namespace Greenlets;

/// <summary>
/// A green stream over one non-blocking descriptor that reads or writes: a child's pipe end, a tty, any fd
/// <see cref="GreenOs"/> wraps. It tries the system call first and waits on the hub's reactor
/// (<see cref="HubLoop.WaitReadable"/>) only when the call would block.
/// </summary>
internal sealed class DescriptorStream : GreenStream
{
    private readonly bool _isReadable;
    private readonly string _name;
    private int _fd;
    private double? _timeout;

    /// <summary>Takes ownership of <paramref name="fd"/>, which must already be non-blocking.</summary>
    public DescriptorStream(int fd, bool readable, string name)
    {
        _fd = fd;
        _isReadable = readable;
        _name = name;
    }

    public override GreenDuration? Timeout
    {
        get => _timeout;
        set => _timeout = CheckedTimeout(value);
    }

    public override bool IsClosed => _fd < 0;

    public override bool CanRead => _isReadable && !IsClosed;

    public override bool CanWrite => !_isReadable && !IsClosed;

    /// <summary>The descriptor, or -1 once closed.</summary>
    public int Fd => _fd;

    /// <summary>Closes a write end, so the reader sees the end of the stream; a read end is left as it is.</summary>
    public override void ShutdownWrite()
    {
        if (!_isReadable)
        {
            Dispose();
        }
    }

    public override string ToString() => $"GreenStream({_name}{(IsClosed ? ", closed" : $", fd {_fd}")})";

    internal override int ReceiveAvailable(Span<byte> buffer)
    {
        if (!_isReadable)
        {
            throw new NotSupportedException($"{_name} is not readable.");
        }

        if (IsClosed)
        {
            return 0;
        }

        return ProcessNative.ReadAvailable(_fd, buffer, _name);
    }

    internal override GreenAwaitable<bool> WaitReadableAsync(double? timeout) =>
        HubLoop.WaitReadableAwaitable(_fd, timeout);

    internal override int SendAvailable(ReadOnlySpan<byte> data)
    {
        if (_isReadable)
        {
            throw new NotSupportedException($"{_name} is not writable.");
        }

        ObjectDisposedException.ThrowIf(IsClosed, this);
        return ProcessNative.WriteAvailable(_fd, data, _name);
    }

    internal override GreenAwaitable<bool> WaitWritableAsync(double? timeout) => HubLoop.WaitWritableAwaitable(_fd, timeout);

    internal override void Abort() => Dispose();

    protected override void Dispose(bool disposing)
    {
        var fd = _fd;
        if (fd >= 0)
        {
            _fd = -1;
            HubLoop.CancelWaits(fd);
            ProcessNative.close(fd);
        }

        base.Dispose(disposing);
    }
}
