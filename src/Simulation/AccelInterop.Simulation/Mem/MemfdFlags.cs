namespace AccelInterop.Simulation.Mem;

/// <summary>memfd_create's flags (MFD_*, <c>include/uapi/linux/memfd.h</c>).</summary>
[Flags]
public enum MemfdFlags : uint
{
    None = 0,
    CloseOnExec = 0x1,

    /// <summary>MFD_ALLOW_SEALING: without it the memfd starts sealed with F_SEAL_SEAL.</summary>
    AllowSealing = 0x2,

    /// <summary>MFD_HUGETLB: not modelled (memfd_create answers -EINVAL here).</summary>
    HugeTlb = 0x4,

    /// <summary>MFD_NOEXEC_SEAL: not executable, sealed against exec changes; allows sealing.</summary>
    NoExecSeal = 0x8,

    /// <summary>MFD_EXEC.</summary>
    Exec = 0x10,
}
