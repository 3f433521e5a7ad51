using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Greenlets;

/// <summary>
/// A greenlet running a plain delegate: a lambda or a method that was not rewritten. Plain code never
/// suspends; a cooperative call inside it fails at once, naming the method to mark [Greenlet].
/// </summary>
internal sealed class DelegateGreenlet<T> : Greenlet<T>
{
    private Func<T>? _body;
    private readonly Delegate _target;

    public DelegateGreenlet(Hub hub, Func<T> body, Delegate target)
        : base(hub)
    {
        _body = body;
        _target = target;
    }

    private protected override void RunBody()
    {
        T value;
        try
        {
            value = _body!();
        }
        catch (Exception exception)
        {
            Finish(exception); // reports the failure, naming the arguments, before they are released
            _body = null;
            return;
        }

        _body = null;
        FinishWithValue(value);
    }

    internal override string DescribeRun() => PlainDelegateDescription.Describe(_target, _body);
}

/// <summary>A greenlet running a plain delegate that returns nothing.</summary>
internal sealed class DelegateGreenlet : Greenlet
{
    private Action? _body;
    private readonly Delegate _target;

    public DelegateGreenlet(Hub hub, Action body, Delegate target)
        : base(hub)
    {
        _body = body;
        _target = target;
    }

    private protected override void RunBody()
    {
        try
        {
            _body!();
        }
        catch (Exception exception)
        {
            Finish(exception);
            _body = null;
            return;
        }

        _body = null;
        Finish(null);
    }

    internal override string DescribeRun() => PlainDelegateDescription.Describe(_target, _body);
}

/// <summary>
/// Describes a greenlet running a plain delegate: <c>Program.Fail(1, "two")</c>, <c>&lt;lambda&gt;(2)</c>. The arguments
/// are the fields of the body's closure, which the spawn made (<c>() =&gt; function(arg1, arg2)</c>) and which holds them
/// with the function; once the greenlet has run, the body is released with them and the function is shown alone.
/// </summary>
internal static class PlainDelegateDescription
{
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification =
        "The closures read are the runtime's own spawn closures. Where trimming removed their fields' metadata the list is empty and the function is shown alone.")]
    public static string Describe(Delegate target, Delegate? body)
    {
        var name = ArgumentText.FunctionName(target.Method);
        if (body is null)
        {
            return name;
        }

        var closure = body.Target;
        var arguments = closure is null || closure.GetType().Assembly != typeof(PlainDelegateDescription).Assembly
            ? []
            : closure.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .OrderBy(field => field.Name, StringComparer.Ordinal) // arg1, arg2, ...
                .Select(field => field.GetValue(closure))
                .Where(value => !ReferenceEquals(value, target));
        return ArgumentText.Call(name, arguments);
    }
}

/// <summary>The main greenlet: the thread's plain code. It blocks by running the hub until something wakes it.</summary>
internal sealed class MainGreenlet : Greenlet
{
    public MainGreenlet(Hub hub)
        : base(hub)
    {
        State = GreenletState.Running;
    }

    internal override string DescribeRun() => "main";
}
