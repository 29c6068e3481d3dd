using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Fences;

/// <summary>
/// A sync_file (<c>drivers/dma-buf/sync_file.c</c>): a file on the kernel's anonymous inode holding
/// one fence reference, readable once the fence signals; how fences cross process and driver
/// boundaries by fd. Drivers make one with <see cref="Install"/> and take the fence back with
/// <see cref="GetFence"/>. Its own ioctls (SYNC_IOC_*) are not modelled yet: -ENOTTY.
/// </summary>
public sealed class SyncFile : IFileOperations
{
    /// <summary>sync_files of the kernel.</summary>
    public static readonly ObjectKind SyncFiles = new("sync_files");

    private readonly ObjectCounter _counter;

    private SyncFile(DmaFence fence, ObjectCounter counter)
    {
        Fence = fence.Get();
        _counter = counter;
        counter.Add(1);
    }

    /// <summary>The fence (the file holds a reference).</summary>
    public DmaFence Fence { get; }

    /// <summary>sync_file_create + fd_install: a new sync_file for <paramref name="fence"/> in <paramref name="process"/>; its descriptor or -errno.</summary>
    public static int Install(SimulatedProcess process, DmaFence fence)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(fence);
        var file = new SyncFile(fence, process.Kernel.Counts.Counter(SyncFiles));
        return process.InstallFile(file, OpenFlags.ReadOnly | OpenFlags.CloseOnExec);
    }

    /// <summary>sync_file_get_fence: the fence of the sync_file at <paramref name="fd"/> with a reference, or null when <paramref name="fd"/> is not one.</summary>
    public static DmaFence? GetFence(SimulatedProcess process, int fd)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.GetFile(fd) is not OpenFile file)
        {
            return null;
        }

        try
        {
            return file.Operations is SyncFile syncFile ? syncFile.Fence.Get() : null;
        }
        finally
        {
            file.Put();
        }
    }

    PollEvents IFileOperations.Poll(OpenFile file) => Fence.IsSignaled ? PollEvents.In : PollEvents.None;

    void IFileOperations.Release(OpenFile file)
    {
        Fence.Put();
        _counter.Add(-1);
    }

    public override string ToString() => $"sync_file of {Fence}";
}
