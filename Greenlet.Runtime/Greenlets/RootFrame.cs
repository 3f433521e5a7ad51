using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Greenlets.CompilerServices;

/// <summary>
/// A spawned greenlet whose body is the rewritten call's state machine, held inline:
/// one object per greenlet, with the arguments living where the compiler put them.
/// </summary>
internal sealed class RootFrame<[DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine, TResult> : Greenlet<TResult>, IFrame<TResult>, IDescribable, ISuspendedFrame
    where TStateMachine : IAsyncStateMachine
{
    public TStateMachine StateMachine = default!;

    public RootFrame(Hub hub)
        : base(hub)
    {
    }

    public Greenlet Owner => this;

    public bool IsCompleted => IsDead;

    void IResumable.Resume() => StateMachine.MoveNext();

    private protected override void RunBody() => StateMachine.MoveNext();

    public TResult GetResult()
    {
        ThrowIfFailed();
        return Value!;
    }

    public void SetCaller(IResumable caller) =>
        throw new InvalidOperationException("A spawned greenlet is joined, not awaited.");

    public void Complete(TResult result)
    {
        FinishWithValue(result);
        StateMachine = default!; // release the arguments and locals
    }

    public void Fail(Exception exception)
    {
        Finish(exception); // reports the failure, naming the arguments, before they are released
        StateMachine = default!;
    }

    internal override string DescribeRun() => StateMachineDescription.Describe(ref StateMachine, IsDead);

    internal override string? RootMethodName => StateMachineDescription.MethodOf(typeof(TStateMachine));

    internal override string DescribeSuspension() =>
        Continuation is null ? StateMachineDescription.Where(StateMachine) : base.DescribeSuspension();

    string IDescribable.Describe() => StateMachineDescription.Where(StateMachine);

    Type ISuspendedFrame.StateMachineType => typeof(TStateMachine);

    int ISuspendedFrame.State => StateMachineState<TStateMachine>.Read(ref StateMachine);
}

/// <summary>
/// The same as <see cref="RootFrame{TStateMachine, TResult}"/> for rewritten methods that return nothing. Not that type
/// over <c>VoidResult</c>: deriving from <see cref="Greenlet"/> rather than <c>Greenlet&lt;VoidResult&gt;</c> saves the
/// value field, 8 bytes a greenlet (96 bytes parked in Join, not 104), and keeps a void greenlet's <c>Value</c> null.
/// </summary>
internal sealed class RootFrame<[DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine> : Greenlet, IFrame<VoidResult>, IDescribable, ISuspendedFrame
    where TStateMachine : IAsyncStateMachine
{
    public TStateMachine StateMachine = default!;

    public RootFrame(Hub hub)
        : base(hub)
    {
    }

    public Greenlet Owner => this;

    public bool IsCompleted => IsDead;

    void IResumable.Resume() => StateMachine.MoveNext();

    private protected override void RunBody() => StateMachine.MoveNext();

    public VoidResult GetResult()
    {
        ThrowIfFailed();
        return default;
    }

    public void SetCaller(IResumable caller) =>
        throw new InvalidOperationException("A spawned greenlet is joined, not awaited.");

    public void Complete(VoidResult result)
    {
        Finish(null);
        StateMachine = default!;
    }

    public void Fail(Exception exception)
    {
        Finish(exception);
        StateMachine = default!;
    }

    internal override string DescribeRun() => StateMachineDescription.Describe(ref StateMachine, IsDead);

    internal override string? RootMethodName => StateMachineDescription.MethodOf(typeof(TStateMachine));

    internal override string DescribeSuspension() =>
        Continuation is null ? StateMachineDescription.Where(StateMachine) : base.DescribeSuspension();

    string IDescribable.Describe() => StateMachineDescription.Where(StateMachine);

    Type ISuspendedFrame.StateMachineType => typeof(TStateMachine);

    int ISuspendedFrame.State => StateMachineState<TStateMachine>.Read(ref StateMachine);
}

/// <summary>
/// Reads a compiler-generated state machine for reports: the rewritten method's name, its arguments
/// (the compiler keeps parameters as fields with their own names) and the await it is suspended at.
/// Reflection is fine here: it runs only when something is reported.
/// </summary>
internal static class StateMachineDescription
{
    /// <summary>
    /// <c>Workers.Worker("steve", 3)</c>: the rewritten method and the arguments its greenlet was spawned with, read from
    /// the state machine's fields, which the compiler names after the parameters (the generated twin reads every
    /// parameter, so that each has one). A dead greenlet has released its state machine, and with it its arguments, as
    /// gevent drops a finished greenlet's: it is shown by its method alone.
    /// </summary>
    public static string Describe<[DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine>(ref TStateMachine stateMachine, bool dead)
        where TStateMachine : IAsyncStateMachine
    {
        var type = typeof(TStateMachine);
        // Debug builds make state machines classes: a released one is null. A released struct is the default, state 0;
        // a dead greenlet's that is not released yet reads -2 (finished: its failure is being reported) or -1 (killed
        // before it started).
        object? boxed = stateMachine;
        if (boxed is null || (dead && StateMachineState<TStateMachine>.Read(ref stateMachine) == 0))
        {
            return MethodName(type);
        }

        const BindingFlags Fields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        // The spawnable form of a cooperative operation (queue.Get) takes its receiver first, as "this": not an argument.
        var arguments = TwinMethod(type) is { } twin
            ? twin.GetParameters().Where(p => p.Name != "this").Select(p => type.GetField(p.Name!, Fields)).OfType<FieldInfo>()
            : type.GetFields(Fields).Where(field => !field.Name.Contains('<'));
        return ArgumentText.Call(MethodName(type), arguments.Select(field => field.GetValue(boxed)));
    }

    public static string Where<[DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine>(TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        return PointOf(typeof(TStateMachine), StateMachineState<TStateMachine>.Read(ref stateMachine));
    }

    /// <summary>The await <paramref name="state"/> of a <paramref name="stateMachineType"/>, as <see cref="Where"/> names it.</summary>
    public static string PointOf(Type stateMachineType, int state)
    {
        var points = TwinMethod(stateMachineType)?.GetCustomAttribute<SuspensionPointsAttribute>()?.Points;
        return state switch
        {
            _ when points is not null && state >= 0 && state < points.Length => $"{MethodName(stateMachineType)} at {points[state]}",
            -1 => $"{MethodName(stateMachineType)} at its start",
            _ => $"{MethodName(stateMachineType)} (await #{state})",
        };
    }

    /// <summary>The [Greenlet] method a state machine runs: <c>Workers.Worker</c>.</summary>
    public static string MethodOf(Type stateMachineType) => MethodName(stateMachineType);

    /// <summary>
    /// The twin whose state machine this is: among the methods of its type as registered by the generator, which trimming
    /// and native AOT keep, or, for a type it could not register, as reflection finds them where that is allowed.
    /// </summary>
    private static MethodInfo? TwinMethod(Type stateMachineType)
    {
        const BindingFlags Methods = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var methods = TwinRegistry.Find(stateMachineType.DeclaringType) is { } registration ? registration.Type.GetMethods(Methods)
            : ReflectionFallback.IsSupported ? stateMachineType.DeclaringType?.GetMethods(Methods)
            : null;
        return methods?.FirstOrDefault(method => method.GetCustomAttribute<AsyncStateMachineAttribute>()?.StateMachineType is { } smType
            && (smType == stateMachineType || (smType.IsGenericTypeDefinition && stateMachineType.IsGenericType && stateMachineType.GetGenericTypeDefinition() == smType)));
    }

    /// <summary><c>&lt;Worker__Greenlet&gt;d__3</c> in <c>Workers</c> becomes <c>Workers.Worker</c>.</summary>
    private static string MethodName(Type stateMachineType)
    {
        var name = stateMachineType.Name;
        var start = name.IndexOf('<') + 1;
        var end = name.IndexOf('>');
        var method = start > 0 && end > start ? name[start..end] : name;
        method = method.Replace(Twins.Suffix, "");
        var owner = stateMachineType.DeclaringType is { } declaring ? declaring.Name.Split('`')[0] + "." : "";
        return owner + method;
    }
}
