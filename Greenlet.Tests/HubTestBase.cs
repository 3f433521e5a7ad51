namespace Greenlets.Tests;

/// <summary>Gives each test a fresh hub on the virtual clock, and collects what the hub reports.</summary>
public abstract class HubTestBase
{
    private IDisposable? _hubScope;

    /// <summary>What the hub wrote about failures during the test.</summary>
    protected StringWriter Errors { get; private set; } = new();

    /// <summary>Lines the test's greenlets recorded, in order.</summary>
    protected List<string> Log { get; } = [];

    protected global::Greenlets.Hub Hub => global::Greenlets.Hub.Current;

    /// <summary>The clock each test's hub gets; the virtual clock unless a fixture says otherwise.</summary>
    protected virtual HubClock CreateClock() => HubClock.Virtual();

    /// <summary>The I/O backend each test's hub gets.</summary>
    protected virtual ReactorKind ReactorKind => ReactorKind.Default;

    [SetUp]
    public void InstallHub()
    {
        _hubScope = global::Greenlets.Hub.Install(CreateClock(), ReactorKind);
        Errors = new StringWriter();
        global::Greenlets.Hub.Current.ErrorWriter = Errors;
        Log.Clear();
    }

    [TearDown]
    public void RemoveHub()
    {
        _hubScope?.Dispose();
        Errors.Dispose();
    }

    /// <summary>Seconds on the hub's clock.</summary>
    protected double Now => Hub.Now.TotalSeconds;
}
