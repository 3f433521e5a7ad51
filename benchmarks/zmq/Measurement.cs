namespace Greenlets.ZmqBenchmarks;

/// <summary>
/// One run's figures: operations per second (wall clock), and the process's processor time per operation (every
/// thread, libzmq's I/O thread included), which a loaded machine disturbs less.
/// </summary>
public readonly record struct Measurement(double OpsPerSecond, double CpuMicrosecondsPerOp)
{
    public static TimeSpan ProcessorTime() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
}
