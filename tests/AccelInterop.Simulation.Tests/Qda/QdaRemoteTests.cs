using System.Buffers.Binary;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Qda;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using AccelInterop.Simulation.Tests.Uapi.Qda;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Qda.Qda;

namespace AccelInterop.Simulation.Tests.Qda;

/// <summary>REMOTE_SESSION_CREATE, REMOTE_MAP, REMOTE_MUNMAP and REMOTE_INVOKE against the simulated DSP (qda.md §3, §4).</summary>
public sealed class QdaRemoteTests
{
    [Fact]
    public void S3_session_create_from_a_pointer_starts_a_DSP_process_with_the_callers_name()
    {
        using var rig = new QdaRig();
        Assert.Equal(0, QdaRig.Returned(rig.CreateSession()));
        DspProcess process = Assert.Single(rig.Driver.Dsp.Processes);
        Assert.Equal(1u, process.Session);
        Assert.Equal("qda-test", process.Name);
        Assert.Equal(256UL, process.ImageLength);
        Assert.Equal(0u, process.Attributes); // INIT_CREATE: no attributes reach the DSP
        QdaBo initMemory = rig.Driver.FileState(QdaDeviceTests.FileOf(rig, rig.File)).InitMemory!;
        Assert.Equal(FastRpcMethod.InitFileLengthMax, initMemory.Size);
        Assert.Equal(initMemory.DmaAddress, process.InitMemory);
    }

    [Fact]
    public void S3_session_create_with_attrs_sends_INIT_CREATE_ATTR_and_a_dma_buf_image_by_fd()
    {
        using var rig = new QdaRig();
        using DeviceFile image = rig.HeapBuffer(0x1000);
        using (MappedRegion map = image.Map(0x1000).Value)
        {
            RigImage().CopyTo(map.Span);
        }

        var init = new drm_qda_init_create { filelen = 64, filefd = image.Handle.Fd, attrs = 0x8 };
        Assert.True(rig.Call(DRM_IOCTL_QDA_REMOTE_SESSION_CREATE, ref init).IsSuccess);
        Assert.Equal(0x8u, Assert.Single(rig.Driver.Dsp.Processes).Attributes);
        static byte[] RigImage() => QdaRig.Image(64);
    }

    [Fact]
    public void S3_session_create_checks_the_image_length_and_its_fd()
    {
        using var rig = new QdaRig();
        var init = new drm_qda_init_create { filelen = (uint)FastRpcMethod.InitFileLengthMax + 1, filefd = -1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_QDA_REMOTE_SESSION_CREATE, ref init).Error);
        init = new drm_qda_init_create { filelen = 16, filefd = 900 }; // not an open fd: the import's EBADF becomes EINVAL
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_QDA_REMOTE_SESSION_CREATE, ref init).Error);
        using DeviceFile notDmaBuf = rig.Open();
        Assert.True(notDmaBuf.Handle.Fd > 0);
        init = new drm_qda_init_create { filelen = 16, filefd = notDmaBuf.Handle.Fd }; // an fd that is no dma-buf
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_QDA_REMOTE_SESSION_CREATE, ref init).Error);
        init = new drm_qda_init_create { filelen = 16, filefd = 0, file = 0x10 }; // copied from a bad pointer
        Assert.Equal(Errno.EFAULT, rig.Call(DRM_IOCTL_QDA_REMOTE_SESSION_CREATE, ref init).Error);
        byte[] notElf = new byte[32];
        init = new drm_qda_init_create { filelen = 32, filefd = -1, file = rig.Pin(notElf) };
        Assert.Equal(DspStatus.BadImage, rig.Call(DRM_IOCTL_QDA_REMOTE_SESSION_CREATE, ref init).Value); // the DSP's answer, unchanged
        Assert.Empty(rig.Driver.Dsp.Processes);
    }

    [Fact]
    public void S4_the_init_memory_is_replaced_on_every_session_create_and_freed_on_close()
    {
        using var rig = new QdaRig();
        Assert.True(rig.CreateSession().IsSuccess);
        QdaFile state = rig.Driver.FileState(QdaDeviceTests.FileOf(rig, rig.File));
        QdaBo first = state.InitMemory!;
        Assert.True(rig.CreateSession().IsSuccess);
        Assert.NotSame(first, state.InitMemory);
        Assert.True(first.IsReleased);
        int buffers = rig.Kernel.Counts[Simulation.Drm.GemObject.BufferObjects];
        Assert.Equal(1, buffers); // the new init memory only: payload buffers went with their contexts
    }

    [Fact]
    public void S3_remote_map_legacy_and_attr_get_DSP_addresses_and_unmap_rejects_unknown_mappings()
    {
        using var rig = new QdaRig();
        Assert.True(rig.CreateSession().IsSuccess);
        using DeviceFile heap = rig.HeapBuffer(0x4000);

        var legacy = new drm_qda_mem_map { request = QDA_MAP_REQUEST_LEGACY, fd = heap.Handle.Fd, vaddrin = 0x1234000 };
        Assert.True(rig.Call(DRM_IOCTL_QDA_REMOTE_MAP, ref legacy).IsSuccess);
        Assert.Equal(DspProcess.FirstMapAddress, legacy.vaddrout);
        var attr = new drm_qda_mem_map { request = QDA_MAP_REQUEST_ATTR, fd = heap.Handle.Fd, offset = 0x1000 };
        Assert.True(rig.Call(DRM_IOCTL_QDA_REMOTE_MAP, ref attr).IsSuccess);
        Assert.Equal(DspProcess.FirstMapAddress + 0x4000, attr.vaddrout);
        Assert.Equal(2, Assert.Single(rig.Driver.Dsp.Processes).MapCount);

        // LEGACY unmap names vaddrout; ATTR names fd and vaddr; anything else is the DSP's "unknown".
        var wrong = new drm_qda_mem_unmap { request = QDA_MUNMAP_REQUEST_LEGACY, vaddrout = legacy.vaddrout + 0x1000, size = 0x4000 };
        Assert.Equal(DspStatus.UnknownMapping, rig.Call(DRM_IOCTL_QDA_REMOTE_MUNMAP, ref wrong).Value);
        var wrongFd = new drm_qda_mem_unmap { request = QDA_MUNMAP_REQUEST_ATTR, fd = 77, vaddr = attr.vaddrout, size = 0x4000 };
        Assert.Equal(DspStatus.UnknownMapping, rig.Call(DRM_IOCTL_QDA_REMOTE_MUNMAP, ref wrongFd).Value);
        var unmap = new drm_qda_mem_unmap { request = QDA_MUNMAP_REQUEST_LEGACY, vaddrout = legacy.vaddrout, size = 0x4000 };
        Assert.True(rig.Call(DRM_IOCTL_QDA_REMOTE_MUNMAP, ref unmap).IsSuccess);
        Assert.Equal(DspStatus.UnknownMapping, rig.Call(DRM_IOCTL_QDA_REMOTE_MUNMAP, ref unmap).Value); // already gone
        unmap = new drm_qda_mem_unmap { request = QDA_MUNMAP_REQUEST_ATTR, fd = heap.Handle.Fd, vaddr = attr.vaddrout, size = 0x4000 };
        Assert.True(rig.Call(DRM_IOCTL_QDA_REMOTE_MUNMAP, ref unmap).IsSuccess);
        Assert.Equal(0, Assert.Single(rig.Driver.Dsp.Processes).MapCount);
    }

    [Fact]
    public void S3_remote_map_checks_pad_request_and_fd()
    {
        using var rig = new QdaRig();
        Assert.True(rig.CreateSession().IsSuccess);
        var map = new drm_qda_mem_map { request = QDA_MAP_REQUEST_LEGACY, pad = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_QDA_REMOTE_MAP, ref map).Error);
        foreach (uint request in new uint[] { 0, 3, uint.MaxValue })
        {
            map = new drm_qda_mem_map { request = request };
            Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_QDA_REMOTE_MAP, ref map).Error);
        }

        map = new drm_qda_mem_map { request = QDA_MAP_REQUEST_ATTR, fd = 500 };
        Assert.Equal(Errno.EBADF, rig.Call(DRM_IOCTL_QDA_REMOTE_MAP, ref map).Error);

        // fd <= 0: an empty page descriptor reaches the DSP, which has nothing to map.
        map = new drm_qda_mem_map { request = QDA_MAP_REQUEST_LEGACY, fd = 0 };
        Assert.Equal(DspStatus.BadArguments, rig.Call(DRM_IOCTL_QDA_REMOTE_MAP, ref map).Value);
        var unmap = new drm_qda_mem_unmap { request = 3 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_QDA_REMOTE_MUNMAP, ref unmap).Error);
    }

    [Fact]
    public void S3_maps_are_per_session_address_spaces()
    {
        using var rig = new QdaRig();
        using DeviceFile second = rig.Open();
        Assert.True(rig.CreateSession().IsSuccess);
        Assert.True(rig.CreateSession(second).IsSuccess);
        using DeviceFile heap = rig.HeapBuffer(0x2000);
        var a = new drm_qda_mem_map { request = QDA_MAP_REQUEST_LEGACY, fd = heap.Handle.Fd };
        var b = a;
        Assert.True(rig.Call(DRM_IOCTL_QDA_REMOTE_MAP, ref a).IsSuccess);
        Assert.True(QdaRig.Call(second, DRM_IOCTL_QDA_REMOTE_MAP, ref b).IsSuccess);
        Assert.Equal(a.vaddrout, b.vaddrout); // each session starts its own space
        var unmap = new drm_qda_mem_unmap { request = QDA_MUNMAP_REQUEST_LEGACY, vaddrout = a.vaddrout, size = 0x2000 };
        Assert.True(rig.Call(DRM_IOCTL_QDA_REMOTE_MUNMAP, ref unmap).IsSuccess);
        Assert.Equal([0, 1], rig.Driver.Dsp.Processes.OrderBy(p => p.Session).Select(p => p.MapCount));
    }

    [Fact]
    public void S3_invoke_checksum_and_vector_add_with_inline_buffers_do_the_work_on_the_DSP()
    {
        using var rig = new QdaRig();
        Assert.True(rig.CreateSession().IsSuccess);
        byte[] data = "the DSP hashes these bytes"u8.ToArray();
        byte[] hash = new byte[4];
        Assert.Equal(0, QdaRig.Returned(rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.Checksum, 1, 1), [rig.Inline(data), rig.Inline(hash)])));
        Assert.Equal(DspMethods.Fnv1a(data), BinaryPrimitives.ReadUInt32LittleEndian(hash));
        Assert.Equal(0xE40C292Cu, DspMethods.Fnv1a("a"u8)); // FNV-1a 32 of "a", the published test vector

        uint[] a = [1, 2, 3, 0xFFFF_FFFF], b = [10, 20, 30, 2];
        byte[] x = ToBytes(a), y = ToBytes(b), sum = new byte[16];
        Assert.Equal(0, QdaRig.Returned(rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.VectorAdd, 2, 1), [rig.Inline(x), rig.Inline(y), rig.Inline(sum)])));
        Assert.Equal([11u, 22u, 33u, 1u], Enumerable.Range(0, 4).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(sum.AsSpan(4 * i))));
    }

    [Fact]
    public unsafe void S3_invoke_with_a_dma_buf_in_buffer_gives_the_DSP_its_IOVA_plus_the_offset()
    {
        using var rig = new QdaRig();
        Assert.True(rig.CreateSession().IsSuccess);
        using DeviceFile heap = rig.HeapBuffer(0x3000);
        using MappedRegion map = heap.Map(0x3000).Value;
        map.Span[0x2000..0x2010].Fill(0x42);
        byte[] echo = new byte[16];
        var args = new drm_qda_fastrpc_invoke_args[]
        {
            new() { ptr = (ulong)map.Address + 0x2000, length = 16, fd = heap.Handle.Fd },
            rig.Inline(echo),
        };
        Assert.Equal(0, QdaRig.Returned(rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.Echo, 1, 1), args)));
        Assert.All(echo, b => Assert.Equal(0x42, b));

        // The import stays in the file's handle table; the context's reference is gone with it.
        var prime = new drm_prime_handle { fd = heap.Handle.Fd };
        Assert.True(rig.File.IoctlOnce(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime).IsSuccess);
        QdaBo imported = QdaDeviceTests.Bo(rig, prime.handle);
        Assert.Equal(1, imported.HandleCount);
        Assert.Equal(1, imported.ReferenceCount);
    }

    [Fact]
    public void S3_handles_are_imported_and_their_fds_forwarded_to_the_DSP()
    {
        using var rig = new QdaRig();
        Assert.True(rig.CreateSession().IsSuccess);
        using DeviceFile first = rig.HeapBuffer(0x1000), second = rig.HeapBuffer(0x1000);
        byte[] seen = new byte[8];
        var args = new drm_qda_fastrpc_invoke_args[]
        {
            rig.Inline(seen),
            new() { fd = first.Handle.Fd, length = 0x1000 },
            new() { fd = second.Handle.Fd, length = 0x1000 },
        };
        Assert.Equal(0, QdaRig.Returned(rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.DescribeHandles, 0, 1, inHandles: 2), args)));
        Assert.Equal(first.Handle.Fd, BinaryPrimitives.ReadInt32LittleEndian(seen));
        Assert.Equal(second.Handle.Fd, BinaryPrimitives.ReadInt32LittleEndian(seen.AsSpan(4)));
    }

    [Fact]
    public void S3_invoke_checks_args_pointer_payload_room_and_passes_DSP_errors_through()
    {
        using var rig = new QdaRig();
        // No session: the kernel does not care, the DSP does.
        Assert.Equal(DspStatus.NoSession, rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.Echo, 0, 0), []).Value);
        Assert.True(rig.CreateSession().IsSuccess);
        Assert.Equal(DspStatus.UnknownHandle, rig.Invoke(0x777, FastRpcScalars.Build(0, 0, 0), []).Value);
        Assert.Equal(DspStatus.UnknownMethod, rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(31, 0, 0), []).Value);
        Assert.Equal(DspStatus.BadArguments, rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.Checksum, 0, 0), []).Value);

        var invoke = new drm_qda_invoke_args { handle = DspMethods.Handle, sc = FastRpcScalars.Build(DspMethods.Echo, 1, 1).Value, args = 0x40 };
        Assert.Equal(Errno.EFAULT, rig.Call(DRM_IOCTL_QDA_REMOTE_INVOKE, ref invoke).Error);

        // An in-buffer the kernel cannot read.
        byte[] output = new byte[8];
        var bad = new drm_qda_fastrpc_invoke_args[] { new() { ptr = 0x1000, length = 8, fd = -1 }, rig.Inline(output) };
        Assert.Equal(Errno.EFAULT, rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.Echo, 1, 1), bad).Error);

        // fd -2 is copied inline like -1 and 0 but was given no room in the payload: -ENOSPC.
        byte[] input = new byte[300];
        Assert.Equal(Errno.ENOSPC, rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.Echo, 1, 0), [rig.Inline(input, fd: -2)]).Error);
        Assert.Equal(DspStatus.BadArguments, rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.Echo, 1, 0), [rig.Inline(input, fd: -1)]).Value);
        var closedFd = new drm_qda_fastrpc_invoke_args[] { new() { fd = 999, length = 8 }, rig.Inline(output) };
        Assert.Equal(Errno.EBADF, rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.Echo, 1, 1), closedFd).Error);
    }

    [Fact]
    public void S3_overlapping_inline_buffers_are_copied_once_and_each_sees_its_bytes()
    {
        using var rig = new QdaRig();
        Assert.True(rig.CreateSession().IsSuccess);
        byte[] shared = new byte[64];
        for (int i = 0; i < shared.Length; i++)
        {
            shared[i] = (byte)i;
        }

        ulong address = rig.Pin(shared);
        byte[] hashA = new byte[4], hashB = new byte[4];

        // Two in-buffers over one array (the second starts 16 bytes in) hashed one after the other.
        var whole = new drm_qda_fastrpc_invoke_args[] { new() { ptr = address, length = 64, fd = -1 }, rig.Inline(hashA) };
        var tail = new drm_qda_fastrpc_invoke_args[] { new() { ptr = address + 16, length = 48, fd = -1 }, rig.Inline(hashB) };
        Assert.Equal(0, QdaRig.Returned(rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.Checksum, 1, 1), whole)));
        Assert.Equal(0, QdaRig.Returned(rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.Checksum, 1, 1), tail)));
        byte[] sum = new byte[48];
        var overlapping = new drm_qda_fastrpc_invoke_args[]
        {
            new() { ptr = address, length = 48, fd = -1 },
            new() { ptr = address + 16, length = 48, fd = -1 },
            rig.Inline(sum),
        };
        Assert.Equal(0, QdaRig.Returned(rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.VectorAdd, 2, 1), overlapping)));
        for (int i = 0; i < 12; i++)
        {
            uint expected = BinaryPrimitives.ReadUInt32LittleEndian(shared.AsSpan(4 * i)) + BinaryPrimitives.ReadUInt32LittleEndian(shared.AsSpan(16 + 4 * i));
            Assert.Equal(expected, BinaryPrimitives.ReadUInt32LittleEndian(sum.AsSpan(4 * i)));
        }

        Assert.Equal(DspMethods.Fnv1a(shared), BinaryPrimitives.ReadUInt32LittleEndian(hashA));
        Assert.Equal(DspMethods.Fnv1a(shared.AsSpan(16)), BinaryPrimitives.ReadUInt32LittleEndian(hashB));
    }

    private static byte[] ToBytes(uint[] values)
    {
        byte[] bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return bytes;
    }
}
