using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Greenlets;

/// <summary>
/// Reads the await a compiler-generated state machine is suspended at (its <c>&lt;&gt;1__state</c> field) without
/// reflection on every read: one small method is emitted per state machine type, the first time it is asked for.
/// The monitor reads it as each greenlet resumes, before the state is overwritten, so a report can name the
/// suspension point the running greenlet came from.
/// </summary>
internal static class StateMachineState<TStateMachine>
    where TStateMachine : IAsyncStateMachine
{
    private delegate int Reader(ref TStateMachine stateMachine);

    private static readonly Reader? s_read = Create();

    /// <summary>The state: the index of the await it is suspended at, -1 before it starts and while it runs, -2 once done.</summary>
    public static int Read(ref TStateMachine stateMachine) => s_read is { } read ? read(ref stateMachine) : int.MinValue;

    private static Reader? Create()
    {
        var type = typeof(TStateMachine);
        var field = type.GetField("<>1__state", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        if (field is null || field.FieldType != typeof(int))
        {
            return null;
        }

        var method = new DynamicMethod("ReadState", typeof(int), [type.MakeByRefType()], type.Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        if (!type.IsValueType)
        {
            il.Emit(OpCodes.Ldind_Ref); // Debug builds make state machines classes
        }

        il.Emit(OpCodes.Ldfld, field);
        il.Emit(OpCodes.Ret);
        return (Reader)method.CreateDelegate(typeof(Reader));
    }
}

/// <summary>A rewritten call's frame, as the monitor sees it: which state machine, and the await it is suspended at.</summary>
internal interface ISuspendedFrame
{
    Type StateMachineType { get; }

    /// <summary>See <see cref="StateMachineState{TStateMachine}.Read"/>.</summary>
    int State { get; }
}
