using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// Reads the await a compiler-generated state machine is suspended at (its <c>&lt;&gt;1__state</c> field). The monitor
/// reads it as each greenlet resumes, before the state is overwritten, so a report can name the suspension point the
/// running greenlet came from. A struct state machine (every Release build) is read through an
/// <see cref="UnsafeAccessorAttribute"/> where the JIT compiles it per type; native AOT cannot bind one to a type
/// parameter, so there, and for the class state machines of Debug builds, the field is read by reflection.
/// </summary>
internal static class StateMachineState<[DynamicallyAccessedMembers(StateMachineFields.Kept)] TStateMachine>
    where TStateMachine : IAsyncStateMachine
{
    private const string FieldName = "<>1__state";

    private static readonly bool s_accessible = CanAccess();

    private static readonly FieldInfo? s_field = s_accessible ? null : FindField();

    /// <summary>The state: the index of the await it is suspended at, -1 before it starts and while it runs, -2 once done.</summary>
    public static int Read(ref TStateMachine stateMachine) =>
        s_accessible ? State(ref stateMachine)
        : s_field is null ? int.MinValue
        : typeof(TStateMachine).IsValueType ? (int)s_field.GetValueDirect(__makeref(stateMachine))!
        : stateMachine is null ? int.MinValue
        : (int)s_field.GetValue(stateMachine)!;

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = FieldName)]
    private static extern ref int State(ref TStateMachine stateMachine);

    private static bool CanAccess()
    {
        if (!RuntimeFeature.IsDynamicCodeSupported || !typeof(TStateMachine).IsValueType)
        {
            return false;
        }

        try
        {
            var probe = default(TStateMachine)!;
            _ = State(ref probe);
            return true;
        }
        catch (MissingFieldException)
        {
            return false; // not a compiler-generated state machine
        }
    }

    private static FieldInfo? FindField() =>
        typeof(TStateMachine).GetField(FieldName, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic) is { } field && field.FieldType == typeof(int)
            ? field
            : null;
}

/// <summary>What trimming and native AOT keep of a state machine type for reports: its fields (the state, the arguments).</summary>
internal static class StateMachineFields
{
    public const DynamicallyAccessedMemberTypes Kept = DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.NonPublicFields;
}

/// <summary>A rewritten call's frame, as the monitor sees it: which state machine, and the await it is suspended at.</summary>
internal interface ISuspendedFrame
{
    Type StateMachineType { get; }

    /// <summary>See <see cref="StateMachineState{TStateMachine}.Read"/>.</summary>
    int State { get; }
}
