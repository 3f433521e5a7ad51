namespace Greenlets;

/// <summary>An entry of the hub's ready queue: a greenlet to switch to, or a callback to run on the hub.</summary>
internal interface IHubRunnable
{
    void RunOnHub(Hub hub);
}

/// <summary>Something a hub timer fires for. The token tells a live registration from a cancelled one.</summary>
internal interface ITimerTarget
{
    void OnTimer(Hub hub, int token);

    bool IsTimerLive(int token);
}
