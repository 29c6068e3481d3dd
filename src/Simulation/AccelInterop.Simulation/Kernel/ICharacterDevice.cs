using AccelInterop.Runtime.Devices;

namespace AccelInterop.Simulation.Kernel;

/// <summary>What sits behind a device node such as <c>/dev/accel/accel0</c>: it opens files.</summary>
public interface ICharacterDevice
{
    /// <summary>Opens a new file for <paramref name="opener"/>; 0 with the file's operations, or <c>-errno</c>.</summary>
    int Open(SimulatedProcess opener, OpenFlags flags, out IFileOperations? operations);
}
