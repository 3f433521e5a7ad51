namespace Greenlets.Engineering;

/// <summary>
/// The one template behind every overload family that differs only in how many arguments the spawned function takes:
/// <c>Greenlet.Spawn</c>, <c>SpawnLater</c> and <c>Create</c>, and <c>Group.Spawn</c>, <c>Apply</c> and
/// <c>ApplyAsGreenlet</c> (which <c>Pool</c> inherits), each with the twin and awaitable forms the generator redirects
/// calls to. Each form is written once below, as a function of its <see cref="Arity"/>.
/// </summary>
public static class ArityTemplate
{
    /// <summary>The most arguments any of these methods passes on; <c>SpawnArgumentsAnalyzer</c> assumes the same.</summary>
    public const int MaxArguments = 6;

    /// <summary>The command that regenerates the files, run from the repository root.</summary>
    public const string Command = "dotnet run --project eng/ArityGenerator";

    /// <summary>Every generated file, with its path from the repository root.</summary>
    public static IReadOnlyList<GeneratedFile> Render() =>
    [
        ArityFile.Write(
            "Greenlet.Runtime/Greenlets/Greenlet.Spawn.Arity.cs",
            $"""
            Spawn and SpawnLater for functions of 0 to {MaxArguments} arguments. Each plain overload is redirected at compile time to
            its Twin overload when it is given a [Greenlet] method group; otherwise it finds the twin by reflection or runs
            the delegate as plain code.
            """,
            "public partial class Greenlet",
            Overloads(Spawn, SpawnTwin).Concat(Overloads(SpawnLater, SpawnLaterTwin))),
        ArityFile.Write(
            "Greenlet.Runtime/Greenlets/Greenlet.Create.Arity.cs",
            $"""
            Create for functions of 0 to {MaxArguments} arguments: the Spawn family without the start. Each plain overload is
            redirected at compile time to its Twin overload when it is given a [Greenlet] method group; otherwise it finds the
            twin by reflection or runs the delegate as plain code.
            """,
            "public partial class Greenlet",
            Overloads(Create, CreateTwin)),
        ArityFile.Write(
            "Greenlet.Runtime/Pool/Group.Spawn.Arity.cs",
            $"""
            Group.Spawn for functions of 0 to {MaxArguments} arguments, in three forms each: the plain one (redirected at compile
            time to SpawnTwin when given a [Greenlet] method group, or finding the twin by reflection), SpawnTwin, and
            SpawnAwaitable, the awaitable form rewritten code calls. All of them wait for a slot while the pool is full.
            """,
            "public partial class Group",
            Overloads(GroupSpawn, GroupSpawnTwin, GroupSpawnAwaitable)),
        ArityFile.Write(
            "Greenlet.Runtime/Pool/Group.Apply.Arity.cs",
            $"""
            Apply and ApplyAsGreenlet for functions of 0 to {MaxArguments} arguments.
            Apply: the plain form (finding the twin of a [Greenlet] method by reflection when it spawns) and ApplyTwinAwaitable, the
            awaitable form rewritten code calls. Apply has no [TwinOverload]: plain code inside a member greenlet runs the function
            in place, which only the original method can do.
            ApplyAsGreenlet: the plain form, redirected at compile time to ApplyAsGreenletTwin when given a [Greenlet] method group; the
            overloads taking a callback find the twin by reflection instead.
            """,
            "public partial class Group",
            Overloads(Apply, ApplyTwinAwaitable, ApplyAsGreenlet, ApplyAsGreenletTwin, ApplyAsGreenletWithCallback)),
    ];

    /// <summary>
    /// The forms' overloads for 0 to <see cref="MaxArguments"/> arguments, by count, the value-returning shape first; a
    /// form that has no overload of a shape returns null for it. Each overload comes with its family's canonical one.
    /// </summary>
    private static IEnumerable<(Member, Arity, Member)> Overloads(params Func<Arity, Member?>[] forms) =>
        from arity in Arity.All(MaxArguments)
        from form in forms
        let member = form(arity)
        where member is not null
        select (member, arity, form(arity with { Count = MaxArguments })!);

    private static string Runs(Arity a) => $"A [Greenlet] method (it runs cooperatively) or any {a.Callee} (it runs as plain code).";

    private const string RewrittenMethod = "The rewritten method.";

    private static string TwinSummary(string plain, string redirected = "call sites are redirected here at compile time") =>
        $"The form of the <c>{plain}</c> overload with the same arguments that takes the rewritten method; {redirected}.";

    private static string AwaitableSummary(string plain) =>
        $"The form rewritten <c>[Greenlet]</c> code awaits; write <c>{plain}</c> with the same arguments instead.";

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

            return StartSpawned(hub, task.Frame as {{a.Greenlet}}, null);
        }
        """);

    private static readonly (string, string)[] s_seconds = [("seconds", "The delay before it starts.")];

    private static Member SpawnLater(Arity a) => new(
        a.Cref("SpawnLater", leading: ["double"]),
        a.Callee,
        new FamilyDoc(
            $"Creates a greenlet running <paramref name=\"{a.Callee}\"/> and starts it after <paramref name=\"seconds\"/>.",
            Runs(a),
            "The new greenlet.",
            "gevent: <c>gevent.spawn_later(seconds, function, *args)</c>.",
            Leading: s_seconds),
        $$"""
        [TwinOverload(nameof(SpawnLaterTwin))]
        public static {{a.Greenlet}} SpawnLater{{a.TypeParameters}}({{a.Parameters($"{a.Delegate} {a.Callee}", leading: "double seconds")}})
        {
            ArgumentNullException.ThrowIfNull({{a.Callee}});
            return Twins.Find<{{a.TwinDelegate}}>({{a.Callee}}) is { } twin
                ? SpawnLaterTwin(seconds, twin{{a.TrailingArguments}})
                : StartPlain(new Delegate{{a.Greenlet}}(Hub.Current, () => {{a.Callee}}({{a.Arguments}}), {{a.Callee}}), seconds);
        }
        """);

    private static Member SpawnLaterTwin(Arity a) => new(
        a.Cref("SpawnLaterTwin", twin: true, leading: ["double"]),
        "twin",
        new FamilyDoc(TwinSummary("SpawnLater"), RewrittenMethod, "The new greenlet.", null, Leading: s_seconds),
        $$"""
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static {{a.Greenlet}} SpawnLaterTwin{{a.TypeParameters}}({{a.Parameters($"{a.TwinDelegate} twin", leading: "double seconds")}})
        {
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

            return StartSpawned(hub, task.Frame as {{a.Greenlet}}, seconds);
        }
        """);

    // Greenlet.Create

    private static Member Create(Arity a) => new(
        a.Cref("Create"),
        a.Callee,
        new FamilyDoc(
            $"""
            Creates a greenlet that will run <paramref name="{a.Callee}"/>, without starting it: call <see cref="Start()"/> or
            <see cref="StartLater(double)"/> when it should run. Until then it is not scheduled and nothing waits for it.
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

            return Created(task.Frame as {{a.Greenlet}});
        }
        """);

    // Group.Spawn

    private static Member GroupSpawn(Arity a) => new(
        a.Cref("Spawn"),
        a.Callee,
        new FamilyDoc(
            $"""
            Creates a greenlet running <paramref name="{a.Callee}"/>, starts it and makes it a member. Never switches while there
            is room; in a full pool, first waits (cooperatively) for a member to leave, in arrival order.
            """,
            Runs(a),
            "The new greenlet.",
            "gevent: <c>Pool.spawn(function, *args)</c>."),
        $$"""
        [Cooperative(nameof(SpawnAwaitable))]
        [TwinOverload(nameof(SpawnTwin))]
        public {{a.Greenlet}} Spawn{{a.TypeParameters}}({{a.Parameters($"{a.Delegate} {a.Callee}")}})
        {
            ArgumentNullException.ThrowIfNull({{a.Callee}});
            AcquireSlot("Spawn");
            try
            {
                return Track(Greenlet.Spawn({{a.Callee}}{{a.TrailingArguments}}));
            }
            catch
            {
                ReleaseHeldSlot();
                throw;
            }
        }
        """);

    private static Member GroupSpawnTwin(Arity a) => new(
        a.Cref("SpawnTwin", twin: true),
        "twin",
        new FamilyDoc(
            TwinSummary("Spawn", "plain call sites are redirected here at compile time"),
            RewrittenMethod,
            "The new greenlet.",
            "gevent: <c>Pool.spawn(function, *args)</c>, for call sites redirected at compile time."),
        $$"""
        [EditorBrowsable(EditorBrowsableState.Never)]
        public {{a.Greenlet}} SpawnTwin{{a.TypeParameters}}({{a.Parameters($"{a.TwinDelegate} twin")}})
        {
            ArgumentNullException.ThrowIfNull(twin);
            AcquireSlot("Spawn");
            try
            {
                return Track(Greenlet.SpawnTwin(twin{{a.TrailingArguments}}));
            }
            catch
            {
                ReleaseHeldSlot();
                throw;
            }
        }
        """);

    private static Member GroupSpawnAwaitable(Arity a) => new(
        a.Cref("SpawnAwaitable", twin: true),
        a.Callee,
        new FamilyDoc(
            AwaitableSummary("Spawn"),
            RewrittenMethod,
            "The running call, whose result is the new greenlet.",
            "gevent: <c>Pool.spawn(function, *args)</c>, as rewritten code calls it."),
        $$"""
        [EditorBrowsable(EditorBrowsableState.Never)]
        public async GreenTask<{{a.Greenlet}}> SpawnAwaitable{{a.TypeParameters}}({{a.Parameters($"{a.TwinDelegate} {a.Callee}")}})
        {
            ArgumentNullException.ThrowIfNull({{a.Callee}});
            await AcquireSlotAsync(block: true, timeout: null);
            try
            {
                return Track(Greenlet.SpawnTwin({{a.Callee}}{{a.TrailingArguments}}));
            }
            catch
            {
                ReleaseHeldSlot();
                throw;
            }
        }
        """);

    // Group.Apply and ApplyAsGreenlet

    private static Member Apply(Arity a) => new(
        a.Cref("Apply"),
        a.Callee,
        new FamilyDoc(
            $"""
            Runs <paramref name="{a.Callee}"/> and waits (cooperatively) for it{(a.ReturnsValue ? " to return its result" : "")}, rethrowing its exception. Called from a
            member of this group, it runs in place (spawning could wait forever on a full pool); otherwise in a new member
            greenlet, waiting for a slot while the pool is full.
            """,
            Runs(a),
            a.ReturnsValue ? "The function's result." : null,
            "gevent: <c>Pool.apply(func, args)</c>."),
        a.ReturnsValue
            ? $$"""
              [Cooperative(nameof(ApplyTwinAwaitable))]
              public TResult Apply{{a.TypeParameters}}({{a.Parameters($"{a.Delegate} function")}})
              {
                  ArgumentNullException.ThrowIfNull(function);
                  if (Contains(Greenlet.Current))
                  {
                      return function({{a.Arguments}});
                  }

                  return Spawn(function{{a.TrailingArguments}}).Get();
              }
              """
            : $$"""
              [Cooperative(nameof(ApplyTwinAwaitable))]
              public void Apply{{a.TypeParameters}}({{a.Parameters($"{a.Delegate} action")}})
              {
                  ArgumentNullException.ThrowIfNull(action);
                  if (Contains(Greenlet.Current))
                  {
                      action({{a.Arguments}});
                      return;
                  }

                  Spawn(action{{a.TrailingArguments}}).Get();
              }
              """);

    private static Member ApplyTwinAwaitable(Arity a) => new(
        a.Cref("ApplyTwinAwaitable", twin: true),
        a.Callee,
        new FamilyDoc(
            AwaitableSummary("Apply"),
            RewrittenMethod,
            "The running call.",
            "gevent: <c>Pool.apply(func, args)</c>, as rewritten code calls it."),
        a.ReturnsValue
            ? $$"""
              [EditorBrowsable(EditorBrowsableState.Never)]
              public async GreenTask<TResult> ApplyTwinAwaitable{{a.TypeParameters}}({{a.Parameters($"{a.TwinDelegate} function")}})
              {
                  ArgumentNullException.ThrowIfNull(function);
                  if (Contains(Greenlet.Current))
                  {
                      return await function({{a.Arguments}});
                  }

                  var greenlet = await SpawnAwaitable(function{{a.TrailingArguments}});
                  return await greenlet.GetAwaitable();
              }
              """
            : $$"""
              [EditorBrowsable(EditorBrowsableState.Never)]
              public async GreenTask ApplyTwinAwaitable{{a.TypeParameters}}({{a.Parameters($"{a.TwinDelegate} action")}})
              {
                  ArgumentNullException.ThrowIfNull(action);
                  if (Contains(Greenlet.Current))
                  {
                      await action({{a.Arguments}});
                      return;
                  }

                  var greenlet = await SpawnAwaitable(action{{a.TrailingArguments}});
                  await greenlet.GetAwaitable();
              }
              """);

    private static Member ApplyAsGreenlet(Arity a) => new(
        a.Cref("ApplyAsGreenlet"),
        a.Callee,
        new FamilyDoc(
            $"""
            Runs <paramref name="{a.Callee}"/> in a new greenlet and returns that greenlet at once; never waits, even when the
            pool is full. Then it runs in an extra greenlet that is not a member and waits for a slot itself (so joining the
            group does not wait for it: join the returned greenlet).
            """,
            Runs(a),
            $"A greenlet whose outcome is the {a.Callee}'s.",
            "gevent: <c>Pool.apply_async(func, args)</c>."),
        $$"""
        [TwinOverload(nameof(ApplyAsGreenletTwin))]
        public {{a.Greenlet}} ApplyAsGreenlet{{a.TypeParameters}}({{a.Parameters($"{a.Delegate} {a.Callee}")}})
        {
            ArgumentNullException.ThrowIfNull({{a.Callee}});
            return Twins.Find<{{a.TwinDelegate}}>({{a.Callee}}) is { } twin
                ? ApplyAsGreenletTwin(twin{{a.TrailingArguments}})
                : ApplyAsGreenletCore(() => Greenlet.Spawn({{a.Callee}}{{a.TrailingArguments}}){{(a.ReturnsValue ? ", null" : "")}});
        }
        """);

    private static Member ApplyAsGreenletTwin(Arity a) => new(
        a.Cref("ApplyAsGreenletTwin", twin: true),
        "twin",
        new FamilyDoc(
            TwinSummary("ApplyAsGreenlet"),
            RewrittenMethod,
            $"A greenlet whose outcome is the {a.Callee}'s.",
            "gevent: <c>Pool.apply_async(func, args)</c>, for call sites redirected at compile time."),
        $$"""
        [EditorBrowsable(EditorBrowsableState.Never)]
        public {{a.Greenlet}} ApplyAsGreenletTwin{{a.TypeParameters}}({{a.Parameters($"{a.TwinDelegate} twin")}})
        {
            ArgumentNullException.ThrowIfNull(twin);
            return ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin{{a.TrailingArguments}}){{(a.ReturnsValue ? ", null" : "")}});
        }
        """);

    /// <summary>Only functions take a callback: it receives the result.</summary>
    private static Member? ApplyAsGreenletWithCallback(Arity a) => !a.ReturnsValue ? null : new(
        a.Cref("ApplyAsGreenlet", trailing: ["Action<TResult>"]),
        "function",
        new FamilyDoc(
            """
            Like the <c>ApplyAsGreenlet</c> overload without a callback, and once the function returns (not if it fails), calls
            <paramref name="callback"/> with its result. As in gevent, it is called on the hub's pass after the greenlet
            dies, before the greenlet's joiners resume (a plain callback must not block; a [Greenlet] method is spawned); when
            the pool was full, the helper greenlet spawns it once the result is in.
            """,
            Runs(a),
            "A greenlet whose outcome is the function's.",
            "gevent: <c>Pool.apply_async(func, args, callback=callback)</c>.",
            Trailing: [("callback", "Receives the result; a [Greenlet] method runs cooperatively.")]),
        $$"""
        public Greenlet<TResult> ApplyAsGreenlet{{a.TypeParameters}}({{a.Parameters($"{a.Delegate} function", trailing: "Action<TResult> callback")}})
        {
            ArgumentNullException.ThrowIfNull(function);
            ArgumentNullException.ThrowIfNull(callback);
            return Twins.Find<{{a.TwinDelegate}}>(function) is { } twin
                ? ApplyAsGreenletCore(() => Greenlet.SpawnTwin(twin{{a.TrailingArguments}}), callback)
                : ApplyAsGreenletCore(() => Greenlet.Spawn(function{{a.TrailingArguments}}), callback);
        }
        """);
}
