namespace Greenlets;

/// <summary>Where a greenlet is in its life.</summary>
public enum GreenletState : byte
{
    /// <summary>Created and not yet started.</summary>
    Created,

    /// <summary>Started: waiting in the ready queue (or on a timer, for a delayed start) to run for the first time.</summary>
    Scheduled,

    /// <summary>Its code is executing.</summary>
    Running,

    /// <summary>Suspended at a cooperative call, waiting to be woken.</summary>
    Parked,

    /// <summary>Woken, waiting in the ready queue to continue.</summary>
    Ready,

    /// <summary>Finished: returned, failed, or was killed.</summary>
    Dead,
}
