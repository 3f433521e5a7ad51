using System.ComponentModel;
using System.Text;

namespace Greenlets;

public sealed partial class GreenProcess
{
    // Communicate runs one greenlet per pipe, as gevent does. They outlive a timeout: a later Communicate joins the
    // same greenlets, so nothing read before the timeout is lost.
    private Greenlet? _stdinWriter;
    private Greenlet<byte[]>? _stdoutReader;
    private Greenlet<byte[]>? _stderrReader;
    private bool _isCommunicating;

    /// <summary>
    /// gevent: <c>Popen.communicate(input, timeout)</c>. Writes <paramref name="input"/> to standard input and closes
    /// it, reads standard output and standard error to their ends, and waits for the child.
    /// </summary>
    /// <param name="input">What to write to standard input (a pipe), or null to close it at once.</param>
    /// <param name="timeout">The longest wait for all of it; null waits as long as it takes.</param>
    /// <returns>The return code and everything read from the pipes (null for a stream that is not a pipe).</returns>
    /// <exception cref="ProcessTimeoutException">
    /// The timeout passed. The child goes on; what was read is kept, and a later <c>Communicate</c> continues.
    /// </exception>
    [Cooperative(nameof(CommunicateAwaitable))]
    public ProcessResult Communicate(byte[]? input = null, GreenDuration? timeout = null) =>
        PlainCallBridge.Run(() => CommunicateCoreAsync(input, timeout.InSeconds()));

    /// <inheritdoc cref="Communicate(byte[], GreenDuration?)"/>
    /// <param name="input">Text to write to standard input, as UTF-8.</param>
    /// <param name="timeout">The longest wait for all of it; null waits as long as it takes.</param>
    [Cooperative(nameof(CommunicateAwaitable))]
    public ProcessResult Communicate(string input, GreenDuration? timeout = null) => Communicate(Encoding.UTF8.GetBytes(input), timeout);

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Communicate(byte[], GreenDuration?)"/> instead.</summary>
    /// <param name="input">What to write to standard input, or null.</param>
    /// <param name="timeout">The longest wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<ProcessResult> CommunicateAwaitable(byte[]? input = null, GreenDuration? timeout = null) =>
        CommunicateCoreAsync(input, timeout.InSeconds());

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Communicate(string, GreenDuration?)"/> instead.</summary>
    /// <param name="input">Text to write to standard input.</param>
    /// <param name="timeout">The longest wait; null waits as long as it takes.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<ProcessResult> CommunicateAwaitable(string input, GreenDuration? timeout = null) =>
        CommunicateCoreAsync(Encoding.UTF8.GetBytes(input), timeout.InSeconds());

    private async GreenTask<ProcessResult> CommunicateCoreAsync(byte[]? input, double? timeout)
    {
        var deadline = GreenStream.Deadline(timeout);
        if (!_isCommunicating)
        {
            _isCommunicating = true;
            if (Stdin is { } stdin)
            {
                if (input is { Length: > 0 })
                {
                    _stdinWriter = Greenlet.SpawnTwin(() => FeedAsync(stdin, input));
                }
                else
                {
                    stdin.Dispose();
                }
            }

            if (Stdout is { } stdout)
            {
                _stdoutReader = Greenlet.SpawnTwin(() => ReadToEndAsync(stdout));
            }

            if (Stderr is { } stderr)
            {
                _stderrReader = Greenlet.SpawnTwin(() => ReadToEndAsync(stderr));
            }
        }

        var workers = new List<Greenlet>(3);
        foreach (var worker in new Greenlet?[] { _stdinWriter, _stdoutReader, _stderrReader })
        {
            if (worker is not null)
            {
                workers.Add(worker);
            }
        }

        if (workers.Count > 0)
        {
            var finished = await Greenlet.JoinAllAwaitable(workers, GreenStream.Remaining(deadline));
            if (finished.Count < workers.Count)
            {
                throw new ProcessTimeoutException(Arguments, timeout ?? 0);
            }
        }

        var returnCode = Poll() ?? await WaitCoreAsync(GreenStream.Remaining(deadline), timeout);
        return new ProcessResult(Arguments, returnCode, Collected(_stdoutReader), Collected(_stderrReader));
    }

    private static byte[]? Collected(Greenlet<byte[]>? reader)
    {
        if (reader?.Exception is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return reader?.Value;
    }

    private static async GreenTask FeedAsync(GreenStream stdin, byte[] input)
    {
        try
        {
            await stdin.WriteAwaitable(input);
        }
        catch (IOException e) when (e.HResult == ProcessNative.EPIPE)
        {
            // The child ended or closed its input without reading it all: as in gevent, not an error.
        }
        finally
        {
            stdin.Dispose();
        }
    }

    private static async GreenTask<byte[]> ReadToEndAsync(GreenStream stream)
    {
        var collected = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var n = await stream.ReadAwaitable(buffer);
            if (n == 0)
            {
                return collected.ToArray();
            }

            collected.Write(buffer, 0, n);
        }
    }
}
