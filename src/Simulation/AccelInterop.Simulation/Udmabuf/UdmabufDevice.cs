using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Mem;
using AccelInterop.Simulation.Uapi.Dmabuf;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Dmabuf.Dmabuf;

namespace AccelInterop.Simulation.Udmabuf;

/// <summary>
/// /dev/udmabuf (<c>drivers/dma-buf/udmabuf.c</c>, a misc device): turns memfd ranges into a
/// dma-buf. UDMABUF_CREATE takes one range, UDMABUF_CREATE_LIST up to <see cref="ListLimit"/>;
/// each range must be page aligned, the memfd sealed against shrinking and not against writing,
/// and the whole at most <see cref="SizeLimitMegabytes"/>. The ioctl returns the dma-buf's descriptor.
/// </summary>
public sealed class UdmabufDevice : StatelessCharacterDevice, IFileOperations
{
    public const string Path = "/dev/udmabuf";

    /// <summary>MISC_MAJOR.</summary>
    public const uint MiscMajor = 10;

    private const ulong PageSize = Page.Size;

    private static readonly IoctlTable<UdmabufDevice, NoIoctlFlags> s_ioctls =
        new IoctlTable<UdmabufDevice, NoIoctlFlags>(IoctlCopyPolicy.ExactCommand, (byte)IoctlEncoding.Number((uint)UDMABUF_CREATE.Value))
            .Define(UDMABUF_CREATE, Create)
            .DefineByAddress(UDMABUF_CREATE_LIST, NoIoctlFlags.None, CreateList);

    private UdmabufDevice(SimulatedKernel kernel, int listLimit, int sizeLimitMegabytes)
    {
        Kernel = kernel;
        ListLimit = listLimit;
        SizeLimitMegabytes = sizeLimitMegabytes;
    }

    public SimulatedKernel Kernel { get; }

    /// <summary>The module parameter <c>list_limit</c>: the most ranges of one CREATE_LIST (default 1024).</summary>
    public int ListLimit { get; }

    /// <summary>The module parameter <c>size_limit_mb</c>: the largest buffer (default 64).</summary>
    public int SizeLimitMegabytes { get; }

    /// <summary>module_init(udmabuf_dev_init): registers /dev/udmabuf with the module's parameters.</summary>
    public static UdmabufDevice Load(SimulatedKernel kernel, int listLimit = 1024, int sizeLimitMegabytes = 64)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var device = new UdmabufDevice(kernel, listLimit, sizeLimitMegabytes);
        kernel.Counts.Counter(DmaBuf.DmaBufs);
        kernel.AddDeviceNode(Path, device, MiscMajor, minor: 0);
        return device;
    }

    int IFileOperations.Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument) =>
        s_ioctls.Dispatch(this, caller, command, argument);

    private static int Create(UdmabufDevice device, SimulatedProcess caller, ref udmabuf_create create)
    {
        udmabuf_create_item item = new() { memfd = create.memfd, offset = create.offset, size = create.size };
        return device.CreateBuffer(caller, create.flags, new ReadOnlySpan<udmabuf_create_item>(ref item));
    }

    // udmabuf_ioctl_create_list: the head (-EFAULT), the count against list_limit, then the list (-EFAULT).
    private static int CreateList(UdmabufDevice device, SimulatedProcess caller, ulong argument)
    {
        udmabuf_create_list head = default;
        if (caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(new Span<udmabuf_create_list>(ref head)), argument) < 0)
        {
            return -EFAULT;
        }

        if (head.count > (uint)device.ListLimit)
        {
            return -EINVAL;
        }

        var items = new udmabuf_create_item[head.count];
        if (caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(items.AsSpan()), argument + (ulong)Unsafe.SizeOf<udmabuf_create_list>()) < 0)
        {
            return -EFAULT;
        }

        return device.CreateBuffer(caller, head.flags, items);
    }

    // udmabuf_create: every range's alignment and the size limit first, then each memfd in turn
    // (no file: -EBADFD; not a memfd: -EBADFD; seals: -EINVAL; range past the size: -EINVAL), then the export.
    private int CreateBuffer(SimulatedProcess caller, uint flags, ReadOnlySpan<udmabuf_create_item> items)
    {
        ulong pageLimit = ((ulong)SizeLimitMegabytes << 20) / PageSize;
        ulong pages = 0;
        foreach (udmabuf_create_item item in items)
        {
            if (item.offset % PageSize != 0 || item.size % PageSize != 0)
            {
                return -EINVAL;
            }

            pages += item.size / PageSize;
            if (pages > pageLimit)
            {
                return -EINVAL;
            }
        }

        if (pages == 0)
        {
            return -EINVAL;
        }

        var ranges = new List<(OpenFile File, MemfdFile Memfd, ulong Offset, ulong Size)>(items.Length);
        foreach (udmabuf_create_item item in items)
        {
            int r = PinRange(caller, item, out (OpenFile, MemfdFile, ulong, ulong) range);
            if (r < 0)
            {
                UdmabufBuffer.UnpinAll(ranges);
                return r;
            }

            ranges.Add(range);
        }

        var exporter = new UdmabufBuffer(ranges);
        int exported = DmaBuf.Export(Kernel, exporter, pages * PageSize, OpenFlags.ReadWrite, out DmaBuf? buffer);
        if (exported < 0)
        {
            UdmabufBuffer.UnpinAll(ranges);
            return exported;
        }

        // dma_buf_fd with O_CLOEXEC for UDMABUF_FLAGS_CLOEXEC; the descriptor is the ioctl's result.
        int fd = buffer!.Install(caller);
        buffer.File.Put();
        return fd;
    }

    // fget, check_memfd_seals, memfd_pin_folios for one range; the memfd's file stays held with the pin.
    private static int PinRange(SimulatedProcess caller, udmabuf_create_item item, out (OpenFile, MemfdFile, ulong, ulong) range)
    {
        range = default;
        if (caller.GetFile((int)item.memfd) is not OpenFile file)
        {
            return -EBADFD;
        }

        if (file.Operations is not MemfdFile memfd)
        {
            file.Put();
            return -EBADFD;
        }

        MemfdSeals seals = memfd.Seals;
        int r = (seals & MemfdSeals.Shrink) == 0 || (seals & (MemfdSeals.Write | MemfdSeals.FutureWrite)) != 0
            ? -EINVAL
            : memfd.Pin(item.offset, item.size);
        if (r < 0)
        {
            file.Put();
            return r;
        }

        range = (file, memfd, item.offset, item.size);
        return 0;
    }

    public override string ToString() => "udmabuf";
}
