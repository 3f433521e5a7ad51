namespace Greenlets;

/// <summary>
/// ApplyAsGreenlet's callback on a greenlet spawned into the pool: on the hub's pass after the greenlet dies, if it
/// succeeded, calls the callback with its value. As gevent's <c>link(pass_value(callback))</c>, which runs the callback
/// there and then, before the greenlet's joiners resume. A plain callback runs on the hub, so it must not block (a
/// failure is reported and the hub goes on); a [Greenlet] method is spawned instead, and runs cooperatively.
/// </summary>
internal sealed class ResultCallback<TResult>(Action<TResult> callback) : ILinkTarget, IHubRunnable
{
    private Greenlet<TResult>? _done;

    public void OnLinkedGreenletDone(Greenlet greenlet)
    {
        _done = (Greenlet<TResult>)greenlet;
        greenlet.Hub.Enqueue(this);
    }

    public void RunOnHub(Hub hub)
    {
        var done = _done!;
        if (!done.IsSuccessful)
        {
            return;
        }

        if (Twins.Find<Func<TResult, GreenTask>>(callback) is { } twin)
        {
            Greenlet.SpawnTwin(twin, done.Value!);
            return;
        }

        try
        {
            callback(done.Value!);
        }
        catch (Exception exception)
        {
            hub.ReportCallbackFailure(callback, done, exception);
        }
    }
}
