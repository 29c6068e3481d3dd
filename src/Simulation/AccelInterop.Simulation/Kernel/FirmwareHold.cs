namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// A hold on every device's firmware of a kernel (<see cref="SimulatedKernel.HoldFirmware"/>):
/// while any hold lasts the firmware does nothing — submitted jobs stay in flight, user-mode
/// queues do not advance, job timeouts do not fire — so a test can look at N jobs in flight.
/// Disposing it (once) lets the firmware run again.
/// </summary>
public sealed class FirmwareHold : IDisposable
{
    private SimulatedKernel? _kernel;

    internal FirmwareHold(SimulatedKernel kernel) => _kernel = kernel;

    public void Dispose() => Interlocked.Exchange(ref _kernel, null)?.ReleaseFirmware();
}
