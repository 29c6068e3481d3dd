using AccelInterop.Runtime.Devices;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// An open file description (<c>struct file</c>): shared by every descriptor that refers to
/// it — in one process after dup, across processes after passing it over a socket — and by
/// mappings. Released when the last reference goes; whoever got a reference (a descriptor
/// lookup, <see cref="SimulatedProcess.GetFile"/>) drops it with <see cref="KRef{TSelf}.Put"/>.
/// </summary>
public sealed class OpenFile : KRef<OpenFile>
{
    /// <summary>Open file descriptions (<c>struct file</c>) of every kind: device files, dma-bufs, anonymous-inode files.</summary>
    public static readonly ObjectKind OpenFiles = new("open files");

    internal OpenFile(SimulatedKernel kernel, IFileOperations operations, OpenFlags flags, Inode inode, bool openedByPath = false)
        : base(kernel.Counts.Counter(OpenFiles))
    {
        AllowsPositionalIo = openedByPath || operations.AllowsPositionalIo;
        Operations = operations;
        Flags = flags;
        Inode = inode;
    }

    public IFileOperations Operations { get; }
    public OpenFlags Flags { get; }

    /// <summary>FMODE_PREAD|FMODE_PWRITE: whether pread/pwrite work (else -ESPIPE).</summary>
    public bool AllowsPositionalIo { get; }

    /// <summary>What fstat reports for the file.</summary>
    public Inode Inode { get; }

    /// <summary>The last reference is gone: the file's <c>release</c>.</summary>
    protected override void Release() => Operations.Release(this);
}
