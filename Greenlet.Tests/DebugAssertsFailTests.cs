using System.Collections.Concurrent;
using System.Diagnostics;
using NUnit.Framework.Interfaces;

[assembly: Greenlets.Tests.FailOnDebugAssert]

namespace Greenlets.Tests;

/// <summary>
/// Makes a failed <see cref="Debug.Assert(bool)"/> fail the test it fired in. The runtime's asserts exist only in Debug
/// builds (<c>eng/test.sh --fast</c>). Left to .NET, an assert either ends the test host at once (the default listener
/// calls Environment.FailFast) or throws an exception; inside a greenlet that exception only kills the greenlet, which
/// the hub reports and the test may never look at. So the listener here records every failure, and also throws to stop
/// the code that broke the invariant, and <see cref="FailOnDebugAssertAttribute"/> fails the test that recorded one.
/// </summary>
[SetUpFixture]
public sealed class DebugAssertsFailTests
{
    private TraceListener[]? _replaced;

    [OneTimeSetUp]
    public void InstallListener()
    {
        // Whatever listener the host installed (.NET's default fails fast; vstest's throws) makes way for this one.
        _replaced = [.. Trace.Listeners.OfType<TraceListener>().Where(listener => listener is DefaultTraceListener || listener.GetType().Name == "TestHostTraceListener")];
        foreach (var listener in _replaced)
        {
            Trace.Listeners.Remove(listener);
        }

        Trace.Listeners.Add(new RecordingListener());
    }

    [OneTimeTearDown]
    public void RemoveListener()
    {
        Assert.That(Failures, Is.Empty, "Debug.Assert failed after the last test");
        foreach (var listener in Trace.Listeners.OfType<RecordingListener>().ToArray())
        {
            Trace.Listeners.Remove(listener);
        }

        Trace.Listeners.AddRange(_replaced ?? []);
    }

    /// <summary>The failed asserts not yet claimed by a test, from any thread.</summary>
    internal static ConcurrentQueue<string> Failures { get; } = new();

    private sealed class RecordingListener : TraceListener
    {
        public override void Fail(string? message, string? detailMessage)
        {
            var text = $"Debug.Assert failed: {message} {detailMessage}".TrimEnd() + Environment.NewLine + new StackTrace(2, fNeedFileInfo: true);
            Failures.Enqueue(text);
            throw new DebugAssertFailedException(text);
        }

        public override void Write(string? message)
        {
        }

        public override void WriteLine(string? message)
        {
        }
    }
}

/// <summary>Thrown where a <see cref="Debug.Assert(bool)"/> failed, to stop the code that broke the invariant.</summary>
public sealed class DebugAssertFailedException(string message) : Exception(message);

/// <summary>Fails every test during which a <see cref="Debug.Assert(bool)"/> failed, even one whose exception was swallowed.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class FailOnDebugAssertAttribute : Attribute, ITestAction
{
    public ActionTargets Targets => ActionTargets.Test;

    // Failures recorded between tests (on another thread, in a one-time setup) are not dropped: the next test claims them.
    public void BeforeTest(ITest test)
    {
    }

    public void AfterTest(ITest test)
    {
        var failures = new List<string>();
        while (DebugAssertsFailTests.Failures.TryDequeue(out var failure))
        {
            failures.Add(failure);
        }

        if (failures.Count > 0)
        {
            Assert.Fail(string.Join(Environment.NewLine, failures));
        }
    }
}
