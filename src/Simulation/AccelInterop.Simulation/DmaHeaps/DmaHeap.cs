using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Dmabuf;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Dmabuf.Dmabuf;

namespace AccelInterop.Simulation.DmaHeaps;

/// <summary>
/// A dma-buf heap (<c>drivers/dma-buf/dma-heap.c</c>): a named allocator behind
/// <c>/dev/dma_heap/&lt;name&gt;</c> whose one ioctl, DMA_HEAP_IOCTL_ALLOC, returns a dma-buf fd.
/// Every open file's state is the heap itself. Heaps are added by their modules
/// (<see cref="SystemHeap.Load"/>) and never removed.
/// </summary>
public sealed class DmaHeap : StatelessCharacterDevice, IFileOperations
{
    /// <summary>Where heap nodes live.</summary>
    public const string Directory = "/dev/dma_heap";

    private const ulong PageSize = Page.Size;

    // dma_heap_ioctl: the DRM sizing rule on its own table, copying back only after success.
    private static readonly IoctlTable<DmaHeap, NoIoctlFlags> s_ioctls =
        new IoctlTable<DmaHeap, NoIoctlFlags>(IoctlCopyPolicy.SizeAndDirectionOnSuccess, 0)
            .Define(DMA_HEAP_IOCTL_ALLOC, Allocate);

    private DmaHeap(SimulatedKernel kernel, string name, IDmaHeapOps ops)
    {
        Kernel = kernel;
        Name = name;
        Ops = ops;
    }

    public SimulatedKernel Kernel { get; }

    /// <summary>The heap's name, also its node's name.</summary>
    public string Name { get; }

    public IDmaHeapOps Ops { get; }

    /// <summary>The heap's node.</summary>
    public string NodePath => $"{Directory}/{Name}";

    /// <summary>
    /// <c>dma_heap_add</c>: registers a heap and creates its node (a dynamic major, as
    /// <c>alloc_chrdev_region</c> gives). No name, or a name already registered: -EINVAL.
    /// </summary>
    public static int Add(SimulatedKernel kernel, string name, IDmaHeapOps ops, out DmaHeap? heap)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(ops);
        heap = null;
        if (string.IsNullOrEmpty(name))
        {
            return -EINVAL;
        }

        var added = new DmaHeap(kernel, name, ops);
        if (kernel.HasDeviceNode(added.NodePath))
        {
            return -EINVAL;
        }

        kernel.Counts.Counter(DmaBuf.DmaBufs);
        kernel.AddDeviceNode(added.NodePath, added);
        heap = added;
        return 0;
    }

    int IFileOperations.Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument) =>
        s_ioctls.Dispatch(this, caller, command, argument);

    // dma_heap_ioctl_allocate: fd must be 0, then fd_flags, heap_flags, a length that page-aligns to
    // something; the heap allocates; the descriptor comes last (-EMFILE frees the buffer again).
    private static int Allocate(DmaHeap heap, SimulatedProcess caller, ref dma_heap_allocation_data data)
    {
        if (data.fd != 0)
        {
            return -EINVAL;
        }

        if ((data.fd_flags & ~(uint)DMA_HEAP_VALID_FD_FLAGS) != 0)
        {
            return -EINVAL;
        }

        if ((data.heap_flags & ~(ulong)DMA_HEAP_VALID_HEAP_FLAGS) != 0)
        {
            return -EINVAL;
        }

        ulong length = (data.len + PageSize - 1) & ~(PageSize - 1);
        if (length == 0)
        {
            return -EINVAL;
        }

        int r = heap.Ops.Allocate(heap, length, data.fd_flags, data.heap_flags, out DmaBuf? buffer);
        if (r < 0)
        {
            return r;
        }

        int fd = buffer!.Install(caller);
        buffer.File.Put();
        if (fd < 0)
        {
            return fd;
        }

        data.fd = (uint)fd;
        return 0;
    }

    public override string ToString() => $"dma-heap {Name}";
}
