using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// An ioctl's implementation. <paramref name="data"/> is the kernel's copy of the argument, at
/// least as long as the ioctl's own definition, already copied in and zero-extended; whatever
/// the handler leaves there is copied back for commands with the OUT direction. Returns 0, a
/// positive value, or <c>-errno</c>.
/// </summary>
public delegate int DrmIoctlHandler(DrmFile file, SimulatedProcess caller, Span<byte> data);
