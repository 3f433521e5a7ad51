namespace Tour;

/// <summary>Every example of the gevent tutorial, in tutorial order.</summary>
public static class TourCatalog
{
    public static IReadOnlyList<TourExample> Examples { get; } =
    [
        new("context-switch", ContextSwitchExample.Run),
        new("select-polling", null, "Select on the hub's I/O reactor (synchronous & asynchronous execution)"),
        new("sync-async", SyncAsyncExample.Run),
        new("fetch", null, "green sockets and an HTTP server and client (synchronous & asynchronous execution)"),
        new("determinism", DeterminismExample.Run),
        new("spawning", SpawningExample.Run),
        new("subclass", SubclassExample.Run),
        new("greenlet-state", GreenletStateExample.Run),
        new("shutdown", null, "POSIX signal handlers delivered as greenlets (program shutdown)"),
        new("timeout", TimeoutExample.Run),
        new("timeout-with", TimeoutWithExample.Run),
        new("timeout-args", TimeoutArgsExample.Run),
        new("event", EventExample.Run),
        new("async-result", AsyncResultExample.Run),
        new("queue", QueueExample.Run),
        new("queue-bounded", QueueBoundedExample.Run),
        new("actors", ActorsExample.Run),
        new("zeromq", null, "green ZeroMQ sockets (real world applications: ZeroMQ)"),
        new("telnet", null, "StreamServer and green sockets (simple servers)"),
        new("wsgi-buffered", WsgiBufferedExample.Run),
        new("wsgi-streaming", WsgiStreamingExample.Run),
        new("long-polling", LongPollingExample.Run),
        new("websocket", WebSocketExample.Run),
        new("chat", ChatExample.Run),
    ];

    public static TourExample? Find(string name) => Examples.FirstOrDefault(example => example.Name == name);
}
