namespace Greenlets.Tests.Generator;

/// <summary>
/// The twin's body is mapped back to the user's file with #line, so an exception thrown after a suspension
/// point reports the user's file and line, even though the code that ran was the generated twin.
/// </summary>
[Category(TestCategories.Generator)]
public sealed class LineMappingTests
{
    private const string Source = """
        using System;
        using Greenlets;

        namespace Demo;

        public static partial class Failing
        {
            [Greenlet]
            public static int Divide(int a, int b)
            {
                Greenlet.Sleep(0);
                var half = a / 2;
                Greenlet.Sleep(1);
                if (b == 0)
                {
                    throw new InvalidOperationException("no divisor");   // line 16
                }

                return half / b;
            }

            [Greenlet]
            public static int Outer(int a) => 1 + Divide(a, 0);        // line 23

            public static int Main(bool nested)
            {
                using var hub = Hub.Install(HubClock.Virtual());
                var g = nested ? Greenlet.Spawn(Outer, 4) : Greenlet.Spawn(Divide, 4, 0);
                return g.Get();
            }
        }
        """;

    [Test]
    public void ExceptionAfterSuspensionNamesTheUsersFileAndLine()
    {
        var run = GeneratorHarness.Generate(Source).CompilesCleanly();
        var exception = Assert.Throws<InvalidOperationException>(() => run.Run("Demo.Failing", "Main", false))!;

        Assert.That(exception.Message, Is.EqualTo("no divisor"));
        Assert.That(exception.StackTrace, Does.Contain($"in {GeneratorHarness.DefaultPath}:line 16"));
        Assert.That(exception.StackTrace, Does.Contain("Divide"));
        Assert.That(exception.StackTrace, Does.Not.Contain(".g.cs"), "no frame points into the generated file");
    }

    [Test]
    public void NestedGreenletCallsMapEveryFrame()
    {
        var run = GeneratorHarness.Generate(Source).CompilesCleanly();
        var exception = Assert.Throws<InvalidOperationException>(() => run.Run("Demo.Failing", "Main", true))!;

        Assert.That(exception.StackTrace, Does.Contain($"in {GeneratorHarness.DefaultPath}:line 16"));
        Assert.That(exception.StackTrace, Does.Contain($"in {GeneratorHarness.DefaultPath}:line 23"));
        Assert.That(exception.StackTrace, Does.Not.Contain(".g.cs"));
    }

    [Test]
    public void TheTwinAndNotTheOriginalRan()
    {
        // The original method would throw at the same line, so check the frame is the rewritten one.
        var run = GeneratorHarness.Generate(Source).CompilesCleanly();
        var exception = Assert.Throws<InvalidOperationException>(() => run.Run("Demo.Failing", "Main", false))!;
        Assert.That(exception.StackTrace, Does.Contain("Divide__Greenlet"));
    }
}
