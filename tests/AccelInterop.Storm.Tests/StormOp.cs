namespace AccelInterop.Storm.Tests;

/// <summary>What one storm call does, as a simulated process's system call.</summary>
internal enum StormOp : byte
{
    /// <summary>ioctl of a generated request (sometimes with its direction, size or number bent) on one of the process's fds.</summary>
    Ioctl,

    /// <summary>open(2) of one of the kernel's device nodes.</summary>
    Open,

    Close,
    Dup,

    /// <summary>Passes an fd to another process (SCM_RIGHTS).</summary>
    SendFd,

    /// <summary>mmap(2) of an fd at an offset an earlier call returned, or a hostile one.</summary>
    Mmap,

    Munmap,

    /// <summary>A store into a live mapping: a doorbell ring, a queue's write index, BO contents.</summary>
    WriteMapping,

    EventFd,

    /// <summary>memfd_create and ftruncate (what udmabuf takes).</summary>
    Memfd,

    /// <summary>The process exits (while its other thread may be in a call) and a new one takes its place.</summary>
    Exit,
}
