namespace Greenlets.Engineering;

/// <summary>The forms of <c>Group</c> (and so <c>Pool</c>): Spawn, Apply, ApplyAsGreenlet, their twins and awaitable forms.</summary>
public static partial class ArityTemplate
{
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
