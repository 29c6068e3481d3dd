using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.DmaHeaps;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.DmaBufs;
using AccelInterop.Simulation.Tests.Uapi.Dmabuf;
using static AccelInterop.Simulation.Tests.Uapi.Dmabuf.Dmabuf;

namespace AccelInterop.Simulation.Tests.DmaHeaps;

/// <summary>/dev/dma_heap (drivers/dma-buf/dma-heap.c, heaps/system_heap.c) through the generated dma-heap.h bindings.</summary>
public sealed unsafe class DmaHeapTests
{
    [Fact]
    public void The_system_heap_loads_system_and_system_cc_shared_only_on_an_encrypted_guest_without_highmem()
    {
        // system_heap_create: system always; system_cc_shared needs !HIGHMEM, the Kconfig option and CC_ATTR_MEM_ENCRYPT.
        Assert.Equal(["/dev/dma_heap/system"], HeapNodes(new SystemHeapOptions()));
        Assert.Equal(["/dev/dma_heap/system", "/dev/dma_heap/system_cc_shared"], HeapNodes(new SystemHeapOptions { MemoryEncryption = true }));
        Assert.Equal(["/dev/dma_heap/system"], HeapNodes(new SystemHeapOptions { MemoryEncryption = true, HighMem = true }));
        Assert.Equal(["/dev/dma_heap/system"], HeapNodes(new SystemHeapOptions { MemoryEncryption = true, CcSharedHeapConfigured = false }));

        // dma_heap_add: a second heap of one name is -EINVAL.
        var kernel = new SimulatedKernel();
        Assert.Equal(0, SystemHeap.Load(kernel));
        Assert.Equal(-Errno.EINVAL, SystemHeap.Load(kernel));
    }

    private static string[] HeapNodes(SystemHeapOptions options)
    {
        var kernel = new SimulatedKernel();
        Assert.Equal(0, SystemHeap.Load(kernel, options));
        return [.. kernel.DeviceNodes.Where(path => path.StartsWith(DmaHeap.Directory + "/", StringComparison.Ordinal))];
    }

    [Fact]
    public void Alloc_rounds_the_length_to_pages_and_gives_zeroed_shared_memory_on_its_own_inode()
    {
        using var rig = new ExporterRig();
        using (DeviceFile buffer = rig.Allocate(5000))
        {
            Assert.Equal(1, rig.Kernel.Counts[DmaBuf.DmaBufs]);
            using MappedRegion first = buffer.Map(8192).Value; // PAGE_ALIGN(5000)
            using MappedRegion second = buffer.Map(4096, 4096).Value;
            Assert.False(first.Span.ContainsAnyExcept((byte)0));
            first.Span[4096] = 0x5a;
            Assert.Equal(0x5a, second.Span[0]);
            Assert.Equal(Errno.EINVAL, buffer.Map(3 * 4096).Error); // dma_buf_mmap_internal: past the end
            Assert.Equal(Errno.EINVAL, buffer.Map(4096, 8192).Error);

            using DeviceFile other = rig.Allocate(4096);
            FileStatus status = buffer.Stat().Value;
            Assert.False(status.IsCharacterDevice);
            Assert.False(status.IsSameFile(other.Stat().Value));
        }

        rig.Dispose();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Alloc_checks_fd_then_fd_flags_then_heap_flags_then_the_length_each_EINVAL()
    {
        using var rig = new ExporterRig();
        using DeviceFile heap = DeviceFile.Open(rig.Process, "/dev/dma_heap/system").Value;

        // dma_heap_ioctl_allocate, in order.
        Assert.Equal(Errno.EINVAL, Alloc(heap, new dma_heap_allocation_data { len = 4096, fd = 3 }));
        Assert.Equal(Errno.EINVAL, Alloc(heap, new dma_heap_allocation_data { len = 4096, fd_flags = 0x400 })); // O_APPEND
        Assert.Equal(Errno.EINVAL, Alloc(heap, new dma_heap_allocation_data { len = 4096, heap_flags = 1 }));
        Assert.Equal(Errno.EINVAL, Alloc(heap, new dma_heap_allocation_data { len = 0 }));
        Assert.Equal(Errno.EINVAL, Alloc(heap, new dma_heap_allocation_data { len = ulong.MaxValue - 100 })); // PAGE_ALIGN wraps to 0
        Assert.Equal(0, rig.Kernel.Counts[DmaBuf.DmaBufs]);

        // Every valid fd flag is accepted: O_CLOEXEC | O_ACCMODE (DMA_HEAP_VALID_FD_FLAGS).
        var all = new dma_heap_allocation_data { len = 1, fd_flags = (uint)DMA_HEAP_VALID_FD_FLAGS };
        Assert.True(heap.Ioctl(DMA_HEAP_IOCTL_ALLOC, ref all).IsSuccess);
        Assert.True(rig.Process.Close((int)all.fd).IsSuccess);
    }

    private static Errno Alloc(DeviceFile heap, dma_heap_allocation_data data) => heap.Ioctl(DMA_HEAP_IOCTL_ALLOC, ref data).Error;

    [Fact]
    public void Alloc_fails_with_ENOMEM_past_the_heap_memory_or_on_an_allocation_fault_and_EMFILE_without_a_descriptor()
    {
        using var rig = new ExporterRig(new SystemHeapOptions { MemoryLimit = 1 << 20 });
        using DeviceFile heap = DeviceFile.Open(rig.Process, "/dev/dma_heap/system").Value;
        Assert.Equal(Errno.ENOMEM, Alloc(heap, new dma_heap_allocation_data { len = (1 << 20) + 1 }));
        rig.Kernel.Faults.Arm(FaultPoint.AllocationFailure);
        Assert.Equal(Errno.ENOMEM, Alloc(heap, new dma_heap_allocation_data { len = 4096 }));

        // The buffer is made first, the descriptor last (get_unused_fd_flags): -EMFILE frees the buffer again.
        SimulatedProcess crowded = rig.Kernel.CreateProcess("crowded", descriptorLimit: 1);
        using (DeviceFile full = DeviceFile.Open(crowded, "/dev/dma_heap/system").Value)
        {
            Assert.Equal(Errno.EMFILE, Alloc(full, new dma_heap_allocation_data { len = 4096 }));
        }

        crowded.Exit();
        Assert.Equal(0, rig.Kernel.Counts[DmaBuf.DmaBufs]);
    }

    [Fact]
    public void Commands_are_found_by_number_only_and_a_number_past_the_table_is_EINVAL()
    {
        using var rig = new ExporterRig();
        using DeviceFile heap = DeviceFile.Open(rig.Process, "/dev/dma_heap/system").Value;
        var data = new dma_heap_allocation_data { len = 4096 };

        // dma_heap_ioctl: nr >= ARRAY_SIZE(dma_heap_ioctl_cmds) -> -EINVAL, whatever the type byte.
        ulong next = IoctlEncoding.Current.Encode(IoctlDirection.ReadWrite, (byte)'H', 1, 24);
        Assert.Equal(Errno.EINVAL, heap.Ioctl(next, new Span<byte>(&data, sizeof(dma_heap_allocation_data))).Error);

        // nr 0 is ALLOC even under another type byte and a shorter size: the missing tail reads as zero.
        ulong shorter = IoctlEncoding.Current.Encode(IoctlDirection.ReadWrite, (byte)'x', 0, 8);
        Assert.True(heap.Ioctl(shorter, new Span<byte>(&data, sizeof(dma_heap_allocation_data))).IsSuccess);
        Assert.Equal(1, rig.Kernel.Counts[DmaBuf.DmaBufs]);
        Assert.Equal(0u, data.fd); // the fd lies past the 8 bytes copied back
    }

    [Fact]
    public void A_cc_shared_buffer_is_mapped_for_devices_with_the_cc_shared_attribute()
    {
        using var rig = new ExporterRig(new SystemHeapOptions { MemoryEncryption = true });
        using DeviceFile shared = rig.Allocate(4096, SystemHeap.CcSharedName);
        using DeviceFile plain = rig.Allocate(4096);

        Assert.Equal(0, DmaBuf.Get(rig.Process, shared.Handle.Fd, out DmaBuf? buffer));
        var exporter = Assert.IsType<SystemHeapBuffer>(buffer!.Exporter);
        Assert.True(exporter.IsCcShared);
        Assert.Equal(SystemHeap.CcSharedName, exporter.ExporterName);
        Assert.Equal(0, buffer.Attach(new object(), importer: null, out DmaBufAttachment? attachment));
        Assert.Equal(0, buffer.MapAttachment(attachment!, out nint memory));
        Assert.NotEqual(0, memory);
        Assert.Equal(1, exporter.CcSharedMappings);
        buffer.Detach(attachment!);
        buffer.File.Put();

        Assert.Equal(0, DmaBuf.Get(rig.Process, plain.Handle.Fd, out DmaBuf? other));
        Assert.False(Assert.IsType<SystemHeapBuffer>(other!.Exporter).IsCcShared);
        other.File.Put();
    }
}
