using System.ComponentModel;

namespace Greenlets;

public sealed partial class GreenProcess
{
    /// <summary>
    /// gevent: <c>subprocess.run(args, input=..., timeout=..., check=..., capture_output=True)</c>. Starts the command,
    /// communicates with it and waits for it. On a timeout the child is killed and reaped before the exception goes on.
    /// </summary>
    /// <param name="arguments">The program and its arguments.</param>
    /// <param name="input">What to write to standard input; needs <see cref="GreenProcessOptions.Stdin"/> a pipe when options are given.</param>
    /// <param name="timeout">The longest the whole run may take; null waits as long as it takes.</param>
    /// <param name="check">Throw <see cref="CalledProcessException"/> when the return code is not zero.</param>
    /// <param name="options">How to start it; when null, standard output and standard error are captured and standard input is a pipe when there is input.</param>
    /// <returns>The return code and what was captured.</returns>
    /// <exception cref="ProcessTimeoutException">The timeout passed; the child was killed.</exception>
    /// <exception cref="CalledProcessException"><paramref name="check"/> is true and the return code is not zero.</exception>
    [Cooperative(nameof(RunAwaitable))]
    public static ProcessResult Run(IReadOnlyList<string> arguments, byte[]? input = null, GreenDuration? timeout = null, bool check = false, GreenProcessOptions? options = null) =>
        PlainCallBridge.Run(() => RunCoreAsync(arguments, input, timeout.InSeconds(), check, options ?? Captured(input, stderr: ProcessStdio.Pipe)));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Run"/> instead.</summary>
    /// <param name="arguments">The program and its arguments.</param>
    /// <param name="input">What to write to standard input.</param>
    /// <param name="timeout">The longest the whole run may take.</param>
    /// <param name="check">Throw when the return code is not zero.</param>
    /// <param name="options">How to start it.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenTask<ProcessResult> RunAwaitable(IReadOnlyList<string> arguments, byte[]? input = null, GreenDuration? timeout = null, bool check = false, GreenProcessOptions? options = null) =>
        RunCoreAsync(arguments, input, timeout.InSeconds(), check, options ?? Captured(input, stderr: ProcessStdio.Pipe));

    /// <summary>
    /// gevent: <c>subprocess.call(args, timeout=...)</c>. Runs the command with the given streams (inherited by
    /// default) and returns its return code. On a timeout the child is killed and reaped before the exception goes on.
    /// </summary>
    /// <param name="arguments">The program and its arguments.</param>
    /// <param name="timeout">The longest wait; null waits as long as it takes.</param>
    /// <param name="options">How to start it; every stream inherited when null.</param>
    /// <returns>The return code.</returns>
    /// <exception cref="ProcessTimeoutException">The timeout passed; the child was killed.</exception>
    [Cooperative(nameof(CallAwaitable))]
    public static int Call(IReadOnlyList<string> arguments, GreenDuration? timeout = null, GreenProcessOptions? options = null) =>
        PlainCallBridge.Run(() => CallCoreAsync(arguments, timeout.InSeconds(), options));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="Call"/> instead.</summary>
    /// <param name="arguments">The program and its arguments.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="options">How to start it.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenTask<int> CallAwaitable(IReadOnlyList<string> arguments, GreenDuration? timeout = null, GreenProcessOptions? options = null) =>
        CallCoreAsync(arguments, timeout.InSeconds(), options);

    /// <summary>gevent: <c>subprocess.check_call(args, timeout=...)</c>. <see cref="Call"/>, throwing unless the return code is zero.</summary>
    /// <param name="arguments">The program and its arguments.</param>
    /// <param name="timeout">The longest wait; null waits as long as it takes.</param>
    /// <param name="options">How to start it; every stream inherited when null.</param>
    /// <exception cref="CalledProcessException">The return code is not zero.</exception>
    /// <exception cref="ProcessTimeoutException">The timeout passed; the child was killed.</exception>
    [Cooperative(nameof(CheckCallAwaitable))]
    public static void CheckCall(IReadOnlyList<string> arguments, GreenDuration? timeout = null, GreenProcessOptions? options = null) =>
        PlainCallBridge.Run(() => CheckCallCoreAsync(arguments, timeout.InSeconds(), options));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="CheckCall"/> instead.</summary>
    /// <param name="arguments">The program and its arguments.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="options">How to start it.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenTask CheckCallAwaitable(IReadOnlyList<string> arguments, GreenDuration? timeout = null, GreenProcessOptions? options = null) =>
        CheckCallCoreAsync(arguments, timeout.InSeconds(), options);

    /// <summary>
    /// gevent: <c>subprocess.check_output(args, input=..., timeout=...)</c>. Runs the command capturing standard output
    /// (standard error is inherited unless the options say otherwise) and returns it.
    /// </summary>
    /// <param name="arguments">The program and its arguments.</param>
    /// <param name="input">What to write to standard input; needs <see cref="GreenProcessOptions.Stdin"/> a pipe when options are given.</param>
    /// <param name="timeout">The longest the whole run may take; null waits as long as it takes.</param>
    /// <param name="options">How to start it; standard output is captured when null.</param>
    /// <returns>Standard output.</returns>
    /// <exception cref="CalledProcessException">The return code is not zero; it carries the output.</exception>
    /// <exception cref="ProcessTimeoutException">The timeout passed; the child was killed.</exception>
    [Cooperative(nameof(CheckOutputAwaitable))]
    public static byte[] CheckOutput(IReadOnlyList<string> arguments, byte[]? input = null, GreenDuration? timeout = null, GreenProcessOptions? options = null) =>
        PlainCallBridge.Run(() => CheckOutputCoreAsync(arguments, input, timeout.InSeconds(), options));

    /// <summary>The form rewritten <c>[Greenlet]</c> code awaits; write <see cref="CheckOutput"/> instead.</summary>
    /// <param name="arguments">The program and its arguments.</param>
    /// <param name="input">What to write to standard input.</param>
    /// <param name="timeout">The longest the whole run may take.</param>
    /// <param name="options">How to start it.</param>
    /// <returns>The awaitable operation.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenTask<byte[]> CheckOutputAwaitable(IReadOnlyList<string> arguments, byte[]? input = null, GreenDuration? timeout = null, GreenProcessOptions? options = null) =>
        CheckOutputCoreAsync(arguments, input, timeout.InSeconds(), options);

    private static GreenProcessOptions Captured(byte[]? input, ProcessStdio stderr) => new()
    {
        Stdin = input is null ? ProcessStdio.Inherit : ProcessStdio.Pipe,
        Stdout = ProcessStdio.Pipe,
        Stderr = stderr,
    };

    private static async GreenTask<ProcessResult> RunCoreAsync(IReadOnlyList<string> arguments, byte[]? input, double? timeout, bool check, GreenProcessOptions options)
    {
        using var process = Start(arguments, options);
        ProcessResult result;
        try
        {
            result = await process.CommunicateCoreAsync(input, timeout);
        }
        catch (Exception failure)
        {
            // As Python's run: the child does not outlive a failed run. A timeout reaps it here; otherwise Dispose's reaper does.
            process.Kill();
            if (failure is ProcessTimeoutException)
            {
                await process.WaitCoreAsync(null, null);
            }

            throw;
        }

        if (check)
        {
            result.CheckReturnCode();
        }

        return result;
    }

    private static async GreenTask<int> CallCoreAsync(IReadOnlyList<string> arguments, double? timeout, GreenProcessOptions? options)
    {
        using var process = Start(arguments, options);
        try
        {
            return await process.WaitCoreAsync(timeout, timeout);
        }
        catch (Exception failure)
        {
            process.Kill();
            if (failure is ProcessTimeoutException)
            {
                await process.WaitCoreAsync(null, null);
            }

            throw;
        }
    }

    private static async GreenTask CheckCallCoreAsync(IReadOnlyList<string> arguments, double? timeout, GreenProcessOptions? options)
    {
        var returnCode = await CallCoreAsync(arguments, timeout, options);
        if (returnCode != 0)
        {
            throw new CalledProcessException(returnCode, arguments);
        }
    }

    private static async GreenTask<byte[]> CheckOutputCoreAsync(IReadOnlyList<string> arguments, byte[]? input, double? timeout, GreenProcessOptions? options)
    {
        var result = await RunCoreAsync(arguments, input, timeout, check: true, options ?? Captured(input, stderr: ProcessStdio.Inherit));
        return result.Stdout ?? [];
    }
}
