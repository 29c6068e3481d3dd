namespace AccelInterop.Simulation.Mem;

/// <summary>File seals of a memfd (F_SEAL_*, <c>include/uapi/linux/fcntl.h</c>), set with F_ADD_SEALS.</summary>
[Flags]
public enum MemfdSeals : uint
{
    None = 0,

    /// <summary>F_SEAL_SEAL: no more seals.</summary>
    Seal = 0x1,

    /// <summary>F_SEAL_SHRINK: the size cannot go down.</summary>
    Shrink = 0x2,

    /// <summary>F_SEAL_GROW: the size cannot go up.</summary>
    Grow = 0x4,

    /// <summary>F_SEAL_WRITE: no writes, no writable shared mappings.</summary>
    Write = 0x8,

    /// <summary>F_SEAL_FUTURE_WRITE: no new writes; existing writable mappings stay.</summary>
    FutureWrite = 0x10,

    /// <summary>F_SEAL_EXEC: the exec bits cannot change.</summary>
    Exec = 0x20,

    /// <summary>F_ALL_SEALS.</summary>
    All = Seal | Shrink | Grow | Write | FutureWrite | Exec,
}
