namespace Greenlets.Tests.Generator;

/// <summary>A foreach over a cooperative enumerator becomes <c>await foreach</c>, or is rejected at the user's line.</summary>
[Category(TestCategories.Generator)]
public sealed class ForEachDiagnosticTests
{
    [Test]
    public void ForEachOverQueuesAndIWaitCompilesCleanly() => DiagnosticHarness.ExpectNone("""
        using System.Collections.Generic;

        public static partial class Workers
        {
            [Greenlet]
            public static int Drain(GreenQueue<int> queue, List<Greenlet> greenlets)
            {
                var sum = 0;
                foreach (var item in queue)
                {
                    sum += item;
                }

                foreach (var done in Greenlet.IWait(greenlets))
                {
                    sum++;
                }

                return sum;
            }
        }
        """);

    /// <summary>The channel's type name, in one place: the queue may be renamed.</summary>
    private const string ChannelType = "GreenChannel";

    /// <summary>
    /// Every queue type inherits its awaitable enumerator from GreenQueue&lt;T&gt;; a foreach over one, typed as itself,
    /// is rewritten as over the base type. So is one over a type parameter constrained to a queue.
    /// </summary>
    [TestCase("JoinableQueue<int>")]
    [TestCase("LifoQueue<int>")]
    [TestCase(ChannelType + "<int>")]
    [TestCase("GreenPriorityQueue<int>")]
    [TestCase("Mailbox")]
    [TestCase("TQueue")]
    public void ForEachOverEveryQueueTypeCompilesCleanly(string queueType) => DiagnosticHarness.ExpectNone($$"""
        public sealed class Mailbox : GreenQueue<int>
        {
        }

        public static partial class Workers
        {
            [Greenlet]
            public static int Drain<TQueue>({{queueType}} queue)
                where TQueue : GreenQueue<int>
            {
                var sum = 0;
                foreach (var item in queue)
                {
                    sum += item;
                }

                return sum;
            }
        }
        """);

    [Test]
    public void GRN0011_CooperativeEnumeratorWithoutAnAwaitableForm()
    {
        var diagnostic = DiagnosticHarness.ExpectOne("GRN0011", """
            using Greenlets.CompilerServices;
            using System.Collections;
            using System.Collections.Generic;

            public sealed class Tickets : IEnumerable<int>
            {
                public TicketEnumerator GetEnumerator() => new();
                IEnumerator<int> IEnumerable<int>.GetEnumerator() => GetEnumerator();
                IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
            }

            public sealed class TicketEnumerator : IEnumerator<int>
            {
                public int Current => 0;
                object IEnumerator.Current => 0;
                [Cooperative("MoveNextAsync")]
                public bool MoveNext() => false;
                public GreenAwaitable<bool> MoveNextAsync() => default;
                public void Reset() { }
                public void Dispose() { }
            }

            public static partial class Workers
            {
                [Greenlet]
                public static void Work(Tickets tickets)
                {
                    foreach (var ticket in [|tickets|])
                    {
                    }
                }
            }
            """);
        Assert.That(diagnostic.GetMessage(), Does.Contain("GetAsyncEnumerator"));
    }

    [Test]
    public void GRN0002_CooperativeForEachInsideALambda() => DiagnosticHarness.ExpectOne("GRN0002", """
        using System;

        public static partial class Workers
        {
            [Greenlet]
            public static void Work(GreenQueue<int> queue)
            {
                Action drain = () => { [|foreach (var item in queue) { }|] };
                drain();
            }
        }
        """);
}
