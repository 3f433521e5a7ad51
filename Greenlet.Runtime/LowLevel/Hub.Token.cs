namespace Greenlets;

public sealed partial class Hub
{
    /// <summary>The hub's token for other threads (<see cref="LowLevel.HubToken.Current"/>), made on first use.</summary>
    internal LowLevel.HubToken? Token { get; set; }
}
