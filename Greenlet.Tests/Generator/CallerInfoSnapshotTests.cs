namespace Greenlets.Tests.Generator;

/// <summary>
/// Caller-info parameters must see the same values whether the plain method or its twin runs:
/// the user's member name, line and argument text, not the twin's name or the rewritten text.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class CallerInfoSnapshotTests
{
    [Test]
    public void CallerInfoIsTheSameInTheTwinAsInThePlainMethod()
    {
        var run = GeneratorHarness.Generate("""
            using System.Runtime.CompilerServices;
            using Greenlets;

            namespace Demo;

            public static partial class Trace
            {
                [Greenlet]
                public static string Where(int value, [CallerMemberName] string member = "", [CallerLineNumber] int line = 0, [CallerArgumentExpression(nameof(value))] string text = "")
                {
                    Greenlet.Sleep(0);
                    return $"{member}:{line}:{text}={value}";
                }

                public static string Plain(int value, [CallerMemberName] string member = "", [CallerFilePath] string file = "") => $"{member}@{file}";

                [Greenlet]
                public static string Work(Greenlet<int> other)
                {
                    var first = Where(other.Get() + 1);
                    var second = Plain(2);
                    return $"{first} {second} {Local()}";

                    string Local() => Where(3);
                }

                public static string Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    var twin = Greenlet.Spawn(Work, Greenlet.Spawn(Three)).Get();
                    var plain = Work(Greenlet.Spawn(Three));
                    return twin + "\n" + plain;
                }

                [Greenlet]
                public static int Three() => 3;
            }
            """);

        run.MatchesGolden(nameof(CallerInfoIsTheSameInTheTwinAsInThePlainMethod)).CompilesCleanly();
        var lines = ((string)run.Run("Demo.Trace").Returned!).Split('\n');
        Assert.That(lines[0], Is.EqualTo("Work:20:other.Get() + 1=4 Work@/src/Workers.cs Work:24:3=3"));
        Assert.That(lines[1], Is.EqualTo(lines[0]), "the plain method sees the same caller info");
    }
}
