namespace Greenlets.Engineering;

/// <summary>The forms of <c>Greenlet</c>: Spawn, SpawnLater, Create and their twins.</summary>
public static partial class ArityTemplate
{
    // Greenlet.Spawn and SpawnLater

    private static Member Spawn(Arity a) => new(
        a.Cref("Spawn"),
        a.Callee,
        new FamilyDoc(
            $"Creates a greenlet running <paramref name=\"{a.Callee}\"/> and schedules it. Never switches: the new greenlet runs, in spawn order, when the caller next yields to the hub.",
            Runs(a),
            "The new greenlet.",
            "gevent: <c>gevent.spawn(function, *args)</c>."),
        $$"""
        [TwinOverload(nameof(SpawnTwin))]
        public static {{a.Greenlet}} Spawn{{a.TypeParameters}}({{a.Parameters($"{a.Delegate} {a.Callee}")}})
        {
            ArgumentNullException.ThrowIfNull({{a.Callee}});
            return Twins.Find<{{a.TwinDelegate}}>({{a.Callee}}) is { } twin
                ? SpawnTwin(twin{{a.TrailingArguments}})
                : StartPlain(new Delegate{{a.Greenlet}}(Hub.Current, () => {{a.Callee}}({{a.Arguments}}), {{a.Callee}}), null);
        }
        """);

    private static Member SpawnTwin(Arity a) => new(
        a.Cref("SpawnTwin", twin: true),
        "twin",
        new FamilyDoc(TwinSummary("Spawn"), RewrittenMethod, "The new greenlet.", null),
        $$"""
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static {{a.Greenlet}} SpawnTwin{{a.TypeParameters}}({{a.Parameters($"{a.TwinDelegate} twin")}})
        {
            {{CallTwinAtSpawnRequest(a)}}

            return StartSpawned(hub, task.Frame as {{a.Greenlet}}, null);
        }
        """);

    /// <summary>
    /// The start of every Greenlet twin overload: calling the rewritten method while the hub has a spawn requested makes
    /// its state machine a new greenlet (<c>GreenTaskBuilder.Start</c>), found in <c>task.Frame</c>.
    /// </summary>
    private static string CallTwinAtSpawnRequest(Arity a) => $$"""
        ArgumentNullException.ThrowIfNull(twin);
            var hub = Hub.Current;
            hub.RequestSpawn();
            {{a.Task}} task;
            try
            {
                task = twin({{a.Arguments}});
            }
            finally
            {
                hub.CancelSpawnRequest();
            }
        """;

    private static readonly (string, string)[] s_seconds = [("seconds", "The delay before it starts, in seconds or as a <see cref=\"TimeSpan\"/>; zero or less means the next timer pass.")];

    private static Member SpawnLater(Arity a) => new(
        a.Cref("SpawnLater", leading: ["GreenDuration"]),
        a.Callee,
        new FamilyDoc(
            $"Creates a greenlet running <paramref name=\"{a.Callee}\"/> and starts it after <paramref name=\"seconds\"/>.",
            Runs(a),
            "The new greenlet.",
            "gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.",
            Leading: s_seconds),
        $$"""
        [TwinOverload(nameof(SpawnLaterTwin))]
        public static {{a.Greenlet}} SpawnLater{{a.TypeParameters}}({{a.Parameters($"{a.Delegate} {a.Callee}", leading: "GreenDuration seconds")}})
        {
            ArgumentNullException.ThrowIfNull({{a.Callee}});
            return Twins.Find<{{a.TwinDelegate}}>({{a.Callee}}) is { } twin
                ? SpawnLaterTwin(seconds, twin{{a.TrailingArguments}})
                : StartPlain(new Delegate{{a.Greenlet}}(Hub.Current, () => {{a.Callee}}({{a.Arguments}}), {{a.Callee}}), seconds);
        }
        """);

    private static Member SpawnLaterTwin(Arity a) => new(
        a.Cref("SpawnLaterTwin", twin: true, leading: ["GreenDuration"]),
        "twin",
        new FamilyDoc(TwinSummary("SpawnLater"), RewrittenMethod, "The new greenlet.", null, Leading: s_seconds),
        $$"""
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static {{a.Greenlet}} SpawnLaterTwin{{a.TypeParameters}}({{a.Parameters($"{a.TwinDelegate} twin", leading: "GreenDuration seconds")}})
        {
            {{CallTwinAtSpawnRequest(a)}}

            return StartSpawned(hub, task.Frame as {{a.Greenlet}}, seconds);
        }
        """);

    // Greenlet.SpawnRaw

    private static Member SpawnRaw(Arity a) => new(
        a.Cref("SpawnRaw"),
        a.Callee,
        new FamilyDoc(
            $"""
            Schedules <paramref name="{a.Callee}"/> to run in a new greenlet and keeps no handle to it: nothing can join it,
            link to it or read its value. A failure is reported on <see cref="Hub.ErrorWriter"/> as a spawned greenlet's is.
            Runs in spawn order with <c>Spawn</c>, and never switches. It costs what <c>Spawn</c> costs: the greenlet is the
            method's state machine either way.
            """,
            Runs(a),
            null,
            "gevent: <c>gevent.spawn_raw(function, *args)</c>, which returns a raw greenlet with no links or value."),
        $$"""
        [TwinOverload(nameof(SpawnRawTwin))]
        public static void SpawnRaw{{a.TypeParameters}}({{a.Parameters($"{a.Delegate} {a.Callee}")}}) =>
            Spawn({{a.Callee}}{{a.TrailingArguments}});
        """);

    private static Member SpawnRawTwin(Arity a) => new(
        a.Cref("SpawnRawTwin", twin: true),
        "twin",
        new FamilyDoc(TwinSummary("SpawnRaw"), RewrittenMethod, null, null),
        $$"""
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static void SpawnRawTwin{{a.TypeParameters}}({{a.Parameters($"{a.TwinDelegate} twin")}}) =>
            SpawnTwin(twin{{a.TrailingArguments}});
        """);

    // Greenlet.Create

    private static Member Create(Arity a) => new(
        a.Cref("Create"),
        a.Callee,
        new FamilyDoc(
            $"""
            Creates a greenlet that will run <paramref name="{a.Callee}"/>, without starting it: call <see cref="Start()"/> or
            <see cref="StartLater(GreenDuration)"/> when it should run. Until then it is not scheduled and nothing waits for it.
            """,
            Runs(a),
            "The new greenlet, not started.",
            "gevent: <c>Greenlet(function, *args)</c>, started later with <c>start()</c> or <c>start_later(seconds)</c>."),
        $$"""
        [TwinOverload(nameof(CreateTwin))]
        public static {{a.Greenlet}} Create{{a.TypeParameters}}({{a.Parameters($"{a.Delegate} {a.Callee}")}})
        {
            ArgumentNullException.ThrowIfNull({{a.Callee}});
            return Twins.Find<{{a.TwinDelegate}}>({{a.Callee}}) is { } twin
                ? CreateTwin(twin{{a.TrailingArguments}})
                : new Delegate{{a.Greenlet}}(Hub.Current, () => {{a.Callee}}({{a.Arguments}}), {{a.Callee}});
        }
        """);

    private static Member CreateTwin(Arity a) => new(
        a.Cref("CreateTwin", twin: true),
        "twin",
        new FamilyDoc(TwinSummary("Create"), RewrittenMethod, "The new greenlet, not started.", null),
        $$"""
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static {{a.Greenlet}} CreateTwin{{a.TypeParameters}}({{a.Parameters($"{a.TwinDelegate} twin")}})
        {
            {{CallTwinAtSpawnRequest(a)}}

            return Created(task.Frame as {{a.Greenlet}});
        }
        """);
}
