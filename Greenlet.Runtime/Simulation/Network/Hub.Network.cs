namespace Greenlets;

public sealed partial class Hub
{
    /// <summary>
    /// The simulated network installed on this hub (<see cref="SimulatedNetwork.Install"/>), or null for the kernel's.
    /// Servers, the HTTP client and <see cref="GreenDns"/> read this one field where they would reach the kernel, so
    /// the default path costs that read and nothing more.
    /// </summary>
    internal SimulatedNetwork? Network { get; set; }
}
