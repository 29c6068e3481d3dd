using System.Text;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Dmabuf;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Dmabuf.Dmabuf;

namespace AccelInterop.Simulation.DmaBufs;

/// <summary>
/// The dma-buf file's ioctls (<c>dma-buf.c:dma_buf_ioctl</c>), read through the generated
/// <c>linux/dma-buf.h</c> structs: SYNC, SET_NAME, EXPORT_SYNC_FILE, IMPORT_SYNC_FILE. A
/// <c>switch (cmd)</c>: only the exact commands, anything else -ENOTTY.
/// </summary>
internal static class DmaBufIoctls
{
    private const uint SyncRw = DMA_BUF_SYNC_RW;

    // SET_NAME_A and SET_NAME_B share number 1 (u32 and u64 spellings); the argument is the string's
    // address itself, so the table copies nothing for them.
    private static readonly IoctlTable<DmaBuf, NoIoctlFlags> s_table = new IoctlTable<DmaBuf, NoIoctlFlags>(IoctlCopyPolicy.ExactCommand, 0)
        .Define(DMA_BUF_IOCTL_SYNC, Sync)
        .DefineByAddress(DMA_BUF_SET_NAME_A, default, SetName)
        .DefineByAddress(DMA_BUF_SET_NAME_B, default, SetName)
        .Define(DMA_BUF_IOCTL_EXPORT_SYNC_FILE, ExportSyncFile)
        .Define(DMA_BUF_IOCTL_IMPORT_SYNC_FILE, ImportSyncFile);

    public static int Dispatch(DmaBuf buffer, SimulatedProcess caller, uint command, ulong argument) =>
        s_table.Dispatch(buffer, caller, command, argument);

    // SYNC: unknown flags, then a direction must be given; END ends CPU access, START begins it (waiting for fences).
    private static int Sync(DmaBuf buffer, SimulatedProcess caller, ref dma_buf_sync sync)
    {
        if ((sync.flags & ~(ulong)DMA_BUF_SYNC_VALID_FLAGS_MASK) != 0)
        {
            return -EINVAL;
        }

        DmaDataDirection direction;
        switch ((uint)sync.flags & SyncRw)
        {
            case DMA_BUF_SYNC_READ:
                direction = DmaDataDirection.FromDevice;
                break;
            case DMA_BUF_SYNC_WRITE:
                direction = DmaDataDirection.ToDevice;
                break;
            case SyncRw:
                direction = DmaDataDirection.Bidirectional;
                break;
            default:
                return -EINVAL;
        }

        return (sync.flags & DMA_BUF_SYNC_END) != 0 ? buffer.EndCpuAccess(direction) : buffer.BeginCpuAccess(direction);
    }

    // dma_buf_set_name -> strndup_user(buf, DMA_BUF_NAME_LEN): a fault before the NUL is -EFAULT,
    // no NUL within the first DMA_BUF_NAME_LEN bytes is -EINVAL. Any attachment state is fine (7.2).
    private static int SetName(DmaBuf buffer, SimulatedProcess caller, ulong address)
    {
        Span<byte> name = stackalloc byte[DMA_BUF_NAME_LEN];
        for (int i = 0; i < name.Length; i++)
        {
            if (caller.Memory.CopyFromUser(name.Slice(i, 1), address + (ulong)i) < 0)
            {
                return -EFAULT;
            }

            if (name[i] == 0)
            {
                buffer.SetName(Encoding.UTF8.GetString(name[..i]));
                return 0;
            }
        }

        return -EINVAL;
    }

    // dma_buf_export_sync_file: flags are READ, WRITE or both (then -EMFILE without a free descriptor);
    // an empty reservation gives the signalled stub fence.
    private static int ExportSyncFile(DmaBuf buffer, SimulatedProcess caller, ref dma_buf_export_sync_file arg)
    {
        if (!IsReadWriteSelection(arg.flags))
        {
            return -EINVAL;
        }

        DmaFence fence = buffer.Resv.GetSingleton(DmaResv.UsageFor((arg.flags & DMA_BUF_SYNC_WRITE) != 0)) ?? DmaFenceStub.Get();
        int fd = SyncFile.Install(caller, fence);
        fence.Put();
        if (fd < 0)
        {
            return fd;
        }

        arg.fd = fd;
        return 0;
    }

    // The sync-file ioctls take READ, WRITE or both, and nothing else.
    private static bool IsReadWriteSelection(uint flags) => (flags & ~SyncRw) == 0 && (flags & SyncRw) != 0;

    // dma_buf_import_sync_file: the sync_file's fences (a merged one unwrapped) join the reservation as
    // writes with WRITE, else as reads.
    private static int ImportSyncFile(DmaBuf buffer, SimulatedProcess caller, ref dma_buf_import_sync_file arg)
    {
        if (!IsReadWriteSelection(arg.flags))
        {
            return -EINVAL;
        }

        DmaFence? fence = SyncFile.GetFence(caller, arg.fd);
        if (fence is null)
        {
            return -EINVAL;
        }

        DmaResvUsage usage = (arg.flags & DMA_BUF_SYNC_WRITE) != 0 ? DmaResvUsage.Write : DmaResvUsage.Read;
        if (fence is DmaFenceArray array)
        {
            foreach (DmaFence component in array.Components)
            {
                buffer.Resv.AddFence(component, usage);
            }
        }
        else
        {
            buffer.Resv.AddFence(fence, usage);
        }

        fence.Put();
        return 0;
    }
}
