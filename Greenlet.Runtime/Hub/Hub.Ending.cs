namespace Greenlets;

public sealed partial class Hub
{
    private List<Action>? _onEnd;

    /// <summary>The calling thread's hub, or null when the thread has none; never creates one.</summary>
    internal static Hub? CurrentIfAny => HubOfThisStack() ?? t_current;

    /// <summary>The hub's name in reports: its thread's name when it has one (<c>greenlet-hub-0</c> under <see cref="HubGroup"/>).</summary>
    internal string Name { get; } = Thread.CurrentThread.Name ?? $"hub on thread {Environment.CurrentManagedThreadId}";

    /// <summary>
    /// On the hub's thread: runs <paramref name="callback"/> there as the hub ends (the scope <see cref="Install"/>
    /// returned is disposed), before its doorbell closes, so that peers on other hubs waiting for this one learn it.
    /// </summary>
    internal void OnEnd(Action callback)
    {
        AssertOnHubThread();
        (_onEnd ??= []).Add(callback);
    }

    private void RunEndCallbacks()
    {
        var callbacks = _onEnd;
        _onEnd = null;
        foreach (var callback in callbacks ?? [])
        {
            try
            {
                callback();
            }
            catch (Exception exception)
            {
                ErrorWriter.WriteLine($"{Name}: a callback run as the hub ended failed: {exception}");
            }
        }
    }
}
