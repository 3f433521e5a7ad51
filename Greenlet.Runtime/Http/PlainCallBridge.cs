namespace Greenlets;

/// <summary>
/// Runs the awaitable form of an operation for a caller that was not rewritten (the main greenlet): in a greenlet
/// of its own, joined cooperatively, so the hub keeps running meanwhile.
/// </summary>
internal static class PlainCallBridge
{
    public static T Run<T>(Func<GreenTask<T>> operation) => Greenlet.SpawnTwin(operation).Get();

    public static void Run(Func<GreenTask> operation)
    {
        var greenlet = Greenlet.SpawnTwin(operation);
        greenlet.Join();
        if (greenlet.Exception is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }
}
