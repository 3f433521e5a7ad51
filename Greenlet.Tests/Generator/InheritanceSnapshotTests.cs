namespace Greenlets.Tests.Generator;

/// <summary>Golden-file tests of twins that take part in overriding: Greenlet.Run, abstract and virtual methods.</summary>
[Category(TestCategories.Generator)]
public sealed class InheritanceSnapshotTests
{
    [Test]
    public void SubclassOverridesRun()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public partial class MyGreenlet : Greenlet
            {
                private readonly string _message;
                private readonly int _n;

                public MyGreenlet(string message, int n)
                {
                    _message = message;
                    _n = n;
                }

                [Greenlet]
                protected override void Run()
                {
                    Console.WriteLine($"{_message} before");
                    Greenlet.Sleep(_n);
                    Console.WriteLine($"{_message} after {_n}");
                }
            }

            public static class Program
            {
                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    var slow = new MyGreenlet("slow", 2);
                    var fast = new MyGreenlet("fast", 1);
                    slow.Start();
                    fast.Start();
                    Greenlet.JoinAll(slow, fast);
                }
            }
            """);

        run.MatchesGolden(nameof(SubclassOverridesRun)).CompilesCleanly();
        Assert.That(run.Run("Demo.Program").Printed, Is.EqualTo("slow before\nfast before\nfast after 1\nslow after 2\n"));
    }

    [Test]
    public void AbstractAndVirtualMethods()
    {
        var run = GeneratorHarness.Generate("""
            using System;
            using Greenlets;

            namespace Demo;

            public abstract partial class Animal
            {
                [Greenlet]
                public abstract string Speak(int times);

                [Greenlet]
                public virtual string Name()
                {
                    Greenlet.Sleep(0);
                    return "animal";
                }

                [Greenlet]
                public string Introduce() => $"{Name()} says {Speak(2)}";
            }

            public partial class Dog : Animal
            {
                [Greenlet]
                public override string Speak(int times)
                {
                    var text = "";
                    for (var i = 0; i < times; i++)
                    {
                        Greenlet.Sleep(0);
                        text += "woof";
                    }

                    return text;
                }

                // Not marked: it overrides a [Greenlet] method, so it is rewritten too.
                public override string Name()
                {
                    Greenlet.Sleep(0);
                    return "dog";
                }
            }

            public sealed partial class Puppy : Dog
            {
                [Greenlet]
                public sealed override string Speak(int times) => "yip " + base.Speak(times);
            }

            public static class Program
            {
                public static void Main()
                {
                    using var hub = Hub.Install(HubClock.Virtual());
                    Animal dog = new Dog();
                    Animal puppy = new Puppy();
                    var a = Greenlet.Spawn(dog.Introduce);
                    var b = Greenlet.Spawn(puppy.Introduce);
                    Console.WriteLine(a.Get());
                    Console.WriteLine(b.Get());
                }
            }
            """);

        run.MatchesGolden(nameof(AbstractAndVirtualMethods)).CompilesCleanly();
        Assert.That(run.Run("Demo.Program").Printed, Is.EqualTo("dog says woofwoof\ndog says yip woofwoof\n"));
    }
}
