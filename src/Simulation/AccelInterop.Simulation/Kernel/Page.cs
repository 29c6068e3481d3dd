namespace AccelInterop.Simulation.Kernel;

/// <summary>The simulated machine's page: PAGE_SIZE, 4 KiB on every architecture the simulation models.</summary>
public static class Page
{
    public const ulong Size = 4096;
}
