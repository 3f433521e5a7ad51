using Greenlets.Analyzers;
using Microsoft.CodeAnalysis.Testing;

namespace Greenlets.Tests.Analyzers;

/// <summary>What the blocking analysis sees past the call it is given: implementations, the method's data flow, implicit calls.</summary>
[Category(TestCategories.Generator)]
public sealed class DispatchAndFlowTests
{
    private static Task Check(string source, params DiagnosticResult[] expected) =>
        new AnalyzerTest<BlockingCallAnalyzer>(source, expected).RunAsync();

    [Test]
    public Task AnInterfaceCallNamesItsOnlyImplementation() => Check("""
        using System.IO;
        public interface IStore { string Load(string name); }
        public sealed class DiskStore : IStore { public string Load(string name) => File.ReadAllText(name); }
        public static partial class Service
        {
            [Greenlet]
            public static string Start(IStore store) => {|#0:store.Load("a")|};
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0101").WithLocation(0).WithArguments(
            "IStore.Load", "'Start → IStore.Load → DiskStore.Load → File.ReadAllText'", "Start",
            "its only implementation, DiskStore.Load, blocks; avoid the call to File.ReadAllText"));

    [Test]
    public Task ACallIsNotReportedWhenOneImplementationDoesNotBlock() => Check("""
        using System.IO;
        public interface IStore { string Load(string name); }
        public sealed class DiskStore : IStore { public string Load(string name) => File.ReadAllText(name); }
        public sealed class MemoryStore : IStore { public string Load(string name) => name; }
        public abstract class Job { public abstract void Run(); }
        public sealed class SleepJob : Job { public override void Run() => Thread.Sleep(1); }
        public sealed class NoJob : Job { public override void Run() { } }
        public static partial class Service
        {
            [Greenlet]
            public static void Start(IStore store, Job job)
            {
                store.Load("a");
                job.Run();
                IStore disk = new DiskStore();
                {|#0:disk.Load("b")|};
            }
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0101").WithLocation(0).WithArguments(
            "Load", "'Start → Load → File.ReadAllText'", "Start", "avoid the call to File.ReadAllText"));

    [Test]
    public Task ADelegateReassignedIsNotFollowed() => Check("""
        public static partial class Service
        {
            [Greenlet]
            public static void Start(bool quiet)
            {
                Action pause = () => Thread.Sleep(1);
                if (quiet)
                {
                    pause = () => { };
                }

                pause();
                Action once = () => Thread.Sleep(1);
                {|#0:once()|};
            }
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0101").WithLocation(0).WithArguments(
            "once", "'Start → once → Thread.Sleep'", "Start", "avoid the call to Thread.Sleep"));

    [Test]
    public Task TheDisposeOfAUsingIsReportedAtTheResource() => Check("""
        public sealed class Session : IDisposable
        {
            private readonly Thread _pump = new(() => { });
            public void Dispose() => _pump.Join();
        }
        public static partial class Service
        {
            [Greenlet]
            public static void Start()
            {
                using (var {|#0:session = new Session()|})
                {
                }
            }
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0101").WithLocation(0).WithArguments(
            "Session.Dispose", "'Start → Session.Dispose → Thread.Join'", "Start", "the using calls it at the end of its block; avoid the call to Thread.Join"));

    [Test]
    public Task AStreamKnownByItsCreationIsReportedUnderItsOwnName() => Check("""
        using System.IO;
        public static partial class Service
        {
            [Greenlet]
            public static int Start(string path, byte[] buffer)
            {
                Stream file = new FileStream(path, FileMode.Open);
                Stream memory = new MemoryStream(buffer);
                memory.Read(buffer, 0, 1);
                return {|#0:file.Read(buffer, 0, 1)|};
            }
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0100").WithLocation(0).WithArguments("FileStream.Read", "Start", "use GreenFileStream (gevent's FileObjectThread), whose Read, Write, ReadLine and ReadToEnd run on the thread pool and suspend only this greenlet, or run it on GreenThreadPool"));

    [Test]
    public Task AWaitAfterACompletionCheckIsNotReportedButOneBeforeIs() => Check("""
        public static partial class Service
        {
            [Greenlet]
            public static int Start(Task<int> task)
            {
                var early = {|#0:task.Result|};
                if (!task.IsCompleted)
                {
                    return early;
                }

                return task.Result + (task.IsCompleted ? task.Result : 0);
            }
        }
        """,
        AnalyzerSetup.Diagnostic("GRN0100").WithLocation(0).WithArguments("Task.Result", "Start", "use Greenlet.WaitTask, which waits for the task cooperatively"));
}
