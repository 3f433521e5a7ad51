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
        var body = _body!;
        _body = null;
        T value;
        try
        {
            value = body();
        }
        catch (Exception exception)
        {
            Finish(exception);
            return;
        }

        FinishWithValue(value);
    }

    internal override string DescribeRun() => _target.Method.Name.Contains('<') ? "<lambda>()" : $"{_target.Method.Name}()";
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
        var body = _body!;
        _body = null;
        try
        {
            body();
        }
        catch (Exception exception)
        {
            Finish(exception);
            return;
        }

        Finish(null);
    }

    internal override string DescribeRun() => _target.Method.Name.Contains('<') ? "<lambda>()" : $"{_target.Method.Name}()";
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
