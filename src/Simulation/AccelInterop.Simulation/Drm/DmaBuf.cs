using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// A dma-buf (<c>struct dma_buf</c>): a file that shares a GEM object between devices, files
/// and processes. It holds a reference on the exported object; it lives as long as its file
/// (descriptors in any process, PRIME caches, importers), and mmap maps the object's memory.
/// </summary>
public sealed class DmaBuf : IFileOperations
{
    /// <summary>dma-bufs of the kernel, whichever device exported them.</summary>
    public static readonly ObjectKind DmaBufs = new("dma-bufs");

    internal DmaBuf(GemObject exported, OpenFlags flags)
    {
        Object = exported.Get();
        File = new OpenFile(this, flags, exported.Device.Kernel.CreateInode(Inode.DmaBufFs, Inode.AnonymousMode));
        exported.Device.Kernel.Counts.Counter(DmaBufs).Add(1);
    }

    /// <summary>The exported object (its exporting device is <c>Object.Device</c>).</summary>
    public GemObject Object { get; }

    /// <summary>The dma-buf's file; each holder owns one reference on it.</summary>
    public OpenFile File { get; }

    public ulong Size => Object.Size;

    int IFileOperations.Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping)
    {
        mapping = null;
        if ((ulong)offset + length > Object.Size || Object.Memory == 0)
        {
            return -EINVAL;
        }

        mapping = new GemMapping(Object.Get(), Object.Memory + (nint)offset, length);
        return 0;
    }

    PollEvents IFileOperations.Poll(OpenFile file) => PollEvents.In | PollEvents.Out;

    void IFileOperations.Release(OpenFile file)
    {
        GemObject exported = Object;
        lock (exported.Device.PrimeLock)
        {
            if (ReferenceEquals(exported.ExportedAs, this))
            {
                exported.ExportedAs = null;
            }
        }

        exported.Device.Kernel.Counts.Counter(DmaBufs).Add(-1);
        exported.Put();
    }

    public override string ToString() => $"dma-buf of {Object}";
}

/// <summary>A mapping of a GEM object's memory; holds an object reference until unmapped.</summary>
internal sealed class GemMapping(GemObject mapped, nint address, nuint length) : MemoryMapping(address, length)
{
    public GemObject Object { get; } = mapped;

    protected internal override void OnUnmap() => Object.Put();
}
