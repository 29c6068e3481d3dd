namespace AccelInterop.Simulation.Amdxdna;

/// <summary>A hardware context (amdxdna.md §3); counted as <see cref="AmdxdnaDriver.HardwareContexts"/>.</summary>
public abstract class AmdxdnaHwctx
{
    private int _destroyed;

    protected AmdxdnaHwctx(AmdxdnaClient client, uint numTiles)
    {
        Client = client;
        NumTiles = numTiles;
        Driver.ContextCounter.Add(1);
    }

    public AmdxdnaClient Client { get; }
    internal AmdxdnaDriver Driver => (AmdxdnaDriver)Client.Device.Driver;
    public uint Id { get; internal set; }
    public uint NumTiles { get; }
    public bool IsDestroyed => Volatile.Read(ref _destroyed) != 0;

    /// <summary>Generation fini: drains and drops everything the context holds. Runs once.</summary>
    internal void Destroy()
    {
        if (Interlocked.Exchange(ref _destroyed, 1) != 0)
        {
            return;
        }

        Fini();
        Driver.ContextCounter.Add(-1);
    }

    protected abstract void Fini();

    /// <summary>Firmware work for this context; true if anything changed.</summary>
    internal abstract bool Step(AmdxdnaDriver driver);

    internal virtual long NextTimer => long.MaxValue;
}
