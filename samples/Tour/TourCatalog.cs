namespace Tour;

/// <summary>Every example of the gevent tutorial, in tutorial order.</summary>
public static class TourCatalog
{
    public static IReadOnlyList<TourExample> Examples { get; } =
    [
        new("context-switch", ContextSwitchExample.Run),
        new("select-polling", SelectPollingExample.Run),
        new("sync-async", SyncAsyncExample.Run),
        new("fetch", FetchExample.Run),
        new("determinism", DeterminismExample.Run),
        new("spawning", SpawningExample.Run),
        new("subclass", SubclassExample.Run),
        new("greenlet-state", GreenletStateExample.Run),
        new("shutdown", ShutdownExample.Run),
        new("timeout", TimeoutExample.Run),
        new("timeout-with", TimeoutWithExample.Run),
        new("timeout-args", TimeoutArgsExample.Run),
        new("monkeypatching", MonkeypatchingExample.Run),
        new("event", EventExample.Run),
        new("async-result", AsyncResultExample.Run),
        new("queue", QueueExample.Run),
        new("queue-bounded", QueueBoundedExample.Run),
        new("groups", GroupsExample.Run),
        new("group-map", GroupMapExample.Run),
        new("pool", PoolExample.Run),
        new("semaphore", SemaphoreExample.Run),
        new("thread-locals", ThreadLocalsExample.Run),
        new("subprocess", SubprocessExample.Run),
        new("actors", ActorsExample.Run),
        new("zeromq", ZeroMqExample.Run),
        new("telnet", TelnetExample.Run),
        new("wsgi-buffered", WsgiBufferedExample.Run),
        new("wsgi-streaming", WsgiStreamingExample.Run),
        new("long-polling", LongPollingExample.Run),
        new("websocket", WebSocketExample.Run),
        new("chat", ChatExample.Run),
        new("crawler", CrawlerExample.Run),
    ];

    public static TourExample? Find(string name) => Examples.FirstOrDefault(example => example.Name == name);
}
