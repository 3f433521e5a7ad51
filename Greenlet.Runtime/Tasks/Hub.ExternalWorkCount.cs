namespace Greenlets;

public sealed partial class Hub
{
    /// <summary>Units of work other threads still owe this hub (tasks waited on, thread-pool work, signal handlers).</summary>
    internal int ExternalWorkCount => _externalWork;
}
