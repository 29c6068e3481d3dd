namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// What an ioctl table asks between copying an argument in and calling the handler (DRM's
/// unplug and permission checks): 0 to go on, or <c>-errno</c>. A struct, so dispatch allocates nothing.
/// </summary>
public interface IIoctlGate<in TFlags> where TFlags : unmanaged, Enum
{
    int Check(SimulatedProcess caller, TFlags flags);
}

/// <summary>For tables whose entries carry no flags.</summary>
public enum NoIoctlFlags
{
    None = 0,
}
