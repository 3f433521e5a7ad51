using System.Diagnostics.Metrics;

namespace Greenlets.Tests.Monitor;

/// <summary>The hub's metrics, read the way dotnet-counters reads them: through a <see cref="MeterListener"/>.</summary>
[Category(TestCategories.Unit)]
public sealed class HubMetricsTests : HubTestBase
{
    [Test]
    public void GreenletsAliveSpawnedSwitchesAndLoopLagAreReportedForThisHub()
    {
        using var listener = new MetricsReader(HubMetrics.NumberOf(Hub));
        var before = listener.Read();

        var release = new Event();
        var waiters = Enumerable.Range(0, 3).Select(_ => Greenlet.Spawn(MonitorWorkloads.ChildWaiting, release)).ToArray();
        Greenlet.Sleep(0);
        var parked = listener.Read();

        release.Set();
        var a = Greenlet.Spawn(MonitorWorkloads.Yield, 5);
        var b = Greenlet.Spawn(MonitorWorkloads.Yield, 5);
        Greenlet.JoinAll(waiters.Append(a).Append(b));
        Greenlet.Sleep(0.5);
        var after = listener.Read();

        Assert.Multiple(() =>
        {
            Assert.That(before.Alive, Is.Zero);
            Assert.That(parked.Alive, Is.EqualTo(3));
            Assert.That(after.Alive, Is.Zero);
            // 3 waiters start (3 turns); then 3 wake-ups plus 2 starts and 5 yields each for a and b (15 turns).
            Assert.That(parked.Switches - before.Switches, Is.EqualTo(3));
            Assert.That(after.Switches - parked.Switches, Is.EqualTo(15));
            Assert.That(after.Switches, Is.EqualTo(Hub.Switches));
            Assert.That(after.LoopLagSeconds, Is.Zero, "the virtual clock fires every timer at its deadline");
            Assert.That(before.Spawned, Is.Zero);
            Assert.That(parked.Spawned, Is.EqualTo(3));
            Assert.That(after.Spawned, Is.EqualTo(5));
            Assert.That(after.Spawned, Is.EqualTo(Hub.GreenletsSpawned));
        });
    }

    [Test]
    public void TheMeterIsNamedForDotnetCounters()
    {
        var names = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name == "Greenlet.Hub")
            {
                names.Add($"{instrument.Name} ({instrument.Unit})");
            }
        };
        listener.Start();

        Assert.That(names, Is.EquivalentTo(new[]
        {
            "greenlet.hub.greenlets.alive ({greenlet})",
            "greenlet.hub.greenlets.spawned ({greenlet})",
            "greenlet.hub.switches ({switch})",
            "greenlet.hub.loop.lag (s)",
        }));
    }

    /// <summary>Collects the observable instruments on demand and keeps this hub's measurements.</summary>
    private sealed class MetricsReader : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly int _hubNumber;
        private long _alive = -1;
        private long _switches = -1;
        private long _spawned = -1;
        private double _lag = -1;

        public MetricsReader(int hubNumber)
        {
            _hubNumber = hubNumber;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == HubMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (IsOurs(tags))
                {
                    if (instrument.Name == HubMetrics.GreenletsAlive)
                    {
                        _alive = value;
                    }
                    else if (instrument.Name == HubMetrics.Switches)
                    {
                        _switches = value;
                    }
                    else if (instrument.Name == HubMetrics.GreenletsSpawned)
                    {
                        _spawned = value;
                    }
                }
            });
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            {
                if (IsOurs(tags) && instrument.Name == HubMetrics.LoopLag)
                {
                    _lag = value;
                }
            });
            _listener.Start();
        }

        public (long Alive, long Switches, double LoopLagSeconds, long Spawned) Read()
        {
            _alive = _switches = _spawned = -1;
            _lag = -1;
            _listener.RecordObservableInstruments();
            Assert.That(_alive, Is.Not.EqualTo(-1), "no greenlets-alive measurement for this hub");
            Assert.That(_switches, Is.Not.EqualTo(-1), "no switches measurement for this hub");
            Assert.That(_spawned, Is.Not.EqualTo(-1), "no greenlets-spawned measurement for this hub");
            return (_alive, _switches, _lag, _spawned);
        }

        public void Dispose() => _listener.Dispose();

        private bool IsOurs(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == HubMetrics.HubTag && tag.Value is int number && number == _hubNumber)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
