namespace AccelInterop.Simulation.Qda;

/// <summary>
/// The status codes the simulated DSP answers with (retval of {ctx, retval}); the kernel passes
/// them to the caller unchanged. The values are this simulation's own — a real DSP's codes are
/// defined by its firmware — chosen so that none is mistaken for a kernel errno.
/// </summary>
public static class DspStatus
{
    public const int Success = 0;

    /// <summary>No DSP process exists for the session.</summary>
    public const int NoSession = 0x101;

    /// <summary>No module answers the remote handle.</summary>
    public const int UnknownHandle = 0x102;

    /// <summary>The module has no such method.</summary>
    public const int UnknownMethod = 0x103;

    /// <summary>The arguments do not fit the method (counts, sizes), or a buffer address the DSP's SMMU does not translate.</summary>
    public const int BadArguments = 0x104;

    /// <summary>An unmap names no mapping of the session.</summary>
    public const int UnknownMapping = 0x105;

    /// <summary>The DSP address space (or the init memory) has no room.</summary>
    public const int NoMemory = 0x106;

    /// <summary>The process image is not an ELF file.</summary>
    public const int BadImage = 0x107;
}
