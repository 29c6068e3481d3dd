using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Amdxdna;
using static AccelInterop.Simulation.Tests.Uapi.Amdxdna.Amdxdna;

namespace AccelInterop.Simulation.Tests.Amdxdna;

/// <summary>
/// Issue 12, the amdxdna items: hostile numbers get the kernel's errno before anything is
/// allocated, firmware never throws or keeps a wait past its deadline, and destroy fences off
/// concurrent submit and doorbell mmap. Each test is named after its item.
/// </summary>
public sealed class HostileInputTests
{
    private const amdxdna_bo_type Share = amdxdna_bo_type.AMDXDNA_BO_SHARE;
    private const amdxdna_bo_type Heap = amdxdna_bo_type.AMDXDNA_BO_DEV_HEAP;
    private const amdxdna_bo_type Cmd = amdxdna_bo_type.AMDXDNA_BO_CMD;
    private const ulong MiB = 1UL << 20;
    private const ulong GiB = 1UL << 30;

    // DRM_FILE_PAGE_OFFSET_SIZE of include/drm/drm_vma_manager.h (64-bit), in pages: more pages than this never fit.
    private const ulong OffsetSpacePages = (0xFFFFFFFFUL >> 12) * 256;

    [Fact]
    public void Item1_a_1TiB_bo_is_ENOSPC_and_a_bo_past_the_simulated_memory_is_ENOMEM_before_anything_is_allocated()
    {
        using var rig = new NpuRig();
        // 1 TiB is 2^28 pages, more than the fake-offset space: drm_gem_create_mmap_offset answers -ENOSPC.
        Assert.True((1UL << 40) / 4096 > OffsetSpacePages);
        Assert.Equal(Errno.ENOSPC, rig.CreateBo(Share, 1UL << 40, out _));
        Assert.Equal(Errno.ENOSPC, rig.CreateBo(Cmd, 1UL << 40, out _));

        // 512 GiB fits the offset space; the kernel's shmem pages would come later, the simulation's cannot.
        Assert.True((512 * GiB) / 4096 <= OffsetSpacePages);
        Assert.Equal(Errno.ENOMEM, rig.CreateBo(Share, 512 * GiB, out _));
        Assert.Equal(Errno.ENOMEM, rig.CreateBo(Share, AmdxdnaDriver.SimulatedMemoryLimit + 1, out _));
        Assert.Equal((0, 0UL), (rig.Kernel.Counts[GemObject.BufferObjects], rig.Driver.BackedBytes));

        // The budget is the device's: what one BO holds, the next cannot have, until it is freed.
        Assert.Equal(Errno.None, rig.CreateBo(Share, AmdxdnaDriver.SimulatedMemoryLimit, out uint whole));
        Assert.Equal(Errno.ENOMEM, rig.CreateBo(Share, 4096, out _));
        Close(rig.File, whole);
        Assert.Equal(0UL, rig.Driver.BackedBytes);
        Assert.Equal(Errno.None, rig.CreateBo(Share, 4096, out _));
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Item2_a_second_dev_heap_whose_size_wraps_total_plus_size_is_refused_with_the_kernels_errno()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie2Npu4);
        rig.Bo(Heap, 64 * MiB);

        // total + size wraps to 0 here; the size, a multiple of 64 MiB, has bit 63 set, which
        // shmem_file_setup refuses (-EINVAL) before the heap-max check is reached.
        ulong wrapping = unchecked(0UL - (64 * MiB));
        Assert.Equal(0UL, 64 * MiB + wrapping);
        Assert.Equal(Errno.EINVAL, rig.CreateBo(Heap, wrapping, out _));

        // Below 2^63 and within the offset space, the heap-max check answers, whatever the total.
        Assert.Equal(Errno.ENOSPC, rig.CreateBo(Heap, 256 * GiB, out _));
        Assert.Equal(Errno.ENOSPC, rig.CreateBo(Heap, 512 * MiB, out _)); // 64 + 512 > 512 MiB
        // Past the offset space: -ENOSPC from drm_gem_create_mmap_offset.
        Assert.Equal(Errno.ENOSPC, rig.CreateBo(Heap, 1UL << 62, out _));
        Assert.Equal(Errno.None, rig.CreateBo(Heap, 448 * MiB, out _)); // exactly to the max
        Assert.Equal(Errno.ENOSPC, rig.CreateBo(Heap, 64 * MiB, out _));
        Assert.Equal(2, rig.Kernel.Counts[GemObject.BufferObjects]);
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Item3_get_array_with_element_size_0x80000000_follows_the_kernels_checks()
    {
        using var rig = new NpuRig();
        byte[] buffer = new byte[256];
        ulong address = rig.Pin(buffer);

        // aie2_query_ctx_status_array: element_size > 4 KiB -> -EINVAL.
        var all = new amdxdna_drm_get_array { param = DRM_AMDXDNA_HW_CONTEXT_ALL, element_size = 0x80000000, num_element = 1, buffer = address };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_ARRAY, ref all).Error);

        // aie2_get_array_async_error: one element of min(element_size, sizeof) bytes.
        var error = new amdxdna_drm_get_array { param = DRM_AMDXDNA_HW_LAST_ASYNC_ERR, element_size = 0x80000000, num_element = 7, buffer = address };
        Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_ARRAY, ref error).Error);
        Assert.Equal(((uint)Marshal.SizeOf<amdxdna_async_error>(), 1u), (error.element_size, error.num_element));

        // amdxdna_drm_get_bo_usage: min(element_size, sizeof) bytes in and out; the pid must be non-zero.
        MemoryMarshal.Write(buffer, 1234);
        MemoryMarshal.Write(buffer.AsSpan(8), ulong.MaxValue); // total_usage: the kernel sums from 0
        var usage = new amdxdna_drm_get_array { param = DRM_AMDXDNA_BO_USAGE, element_size = 0x80000000, num_element = 1, buffer = address };
        Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_ARRAY, ref usage).Error);
        Assert.Equal((1234, 0UL), (MemoryMarshal.Read<int>(buffer), MemoryMarshal.Read<ulong>(buffer.AsSpan(8))));

        // Entries are min(element_size, sizeof entry) apart, as many as num_element * element_size bytes hold.
        rig.Heap();
        rig.Context();
        rig.Context();
        var packed = new amdxdna_drm_get_array { param = DRM_AMDXDNA_HW_CONTEXT_ALL, element_size = 8, num_element = 3, buffer = address };
        Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_ARRAY, ref packed).Error);
        Assert.Equal((8u, 2u), (packed.element_size, packed.num_element));
        var bigger = new amdxdna_drm_get_array { param = DRM_AMDXDNA_HW_CONTEXT_ALL, element_size = 4096, num_element = 1, buffer = address };
        Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_ARRAY, ref bigger).Error);
        Assert.Equal((uint)Marshal.SizeOf<amdxdna_drm_hwctx_entry>(), bigger.element_size);
    }

    [Fact]
    public void Item4_a_share_bo_of_size_all_ones_is_ENOSPC_and_the_firmware_never_throws_on_a_hostile_queue()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf, new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        // PAGE_ALIGN(~0) wraps to 0 pages: drm_vma_offset_add of no pages is -ENOSPC (drm_mm_insert_node_in_range).
        Assert.Equal(Errno.ENOSPC, rig.CreateBo(Share, ulong.MaxValue, out _));
        Assert.Equal(Errno.ENOSPC, rig.CreateBo(Share, 0, out _));
        Assert.Equal(0, rig.Kernel.Counts[GemObject.BufferObjects]);

        // A queue whose slot array is a BO closed under the firmware, and a hostile capacity.
        using var umq = new UserModeQueue(rig);
        uint slots = rig.Bo(Share, 4096);
        MemoryMarshal.Write(umq.Queue.Span[24..], rig.Info(slots).xdna_addr);
        MemoryMarshal.Write(umq.Queue.Span[12..], 0xFFFF_FFFFu);
        Close(rig.File, slots);
        for (int i = 0; i < 40; i++)
        {
            ulong seq = umq.Push(opcode: 1, source: ulong.MaxValue - 3, destination: 0, count: uint.MaxValue);
            umq.Ring();
            Assert.Equal(Errno.None, umq.Wait(rig, seq, 5000)); // the firmware lives and consumes
        }
    }

    [Fact]
    public void Item5_create_bo_of_size_0xFFFFFFFFFFFFF000_fails_before_the_offset_space_and_leaks_nothing()
    {
        using var rig = new NpuRig();
        // Bit 63 set: shmem_file_setup's loff_t is negative -> -EINVAL (the kernel never reaches the offset space).
        Assert.Equal(Errno.EINVAL, rig.CreateBo(Share, 0xFFFFFFFFFFFFF000, out _));
        Assert.Equal(Errno.EINVAL, rig.CreateBo(Cmd, 0xFFFFFFFFFFFFF000, out _));
        Assert.Equal((0, 0UL), (rig.Kernel.Counts[GemObject.BufferObjects], rig.Driver.BackedBytes));

        // The offset space afterwards is as before: ordinary BOs still get offsets and map.
        uint small = rig.Bo(Share, 4096);
        Assert.True(rig.Info(small).map_offset >= DrmDevice.FilePageOffsetStart * 4096);

        // Large BOs made and closed over and over: each either gets an offset or fails -ENOSPC (an
        // offset space that does not recycle fills up), and a failure leaves no BO and no backing.
        for (int i = 0; i < 1100; i++)
        {
            Errno r = rig.CreateBo(Share, AmdxdnaDriver.SimulatedMemoryLimit - 4096, out uint big);
            Assert.True(r == Errno.None || r == Errno.ENOSPC, r.ToString());
            if (r == Errno.None)
            {
                Close(rig.File, big);
            }

            Assert.Equal((1, 4096UL), (rig.Kernel.Counts[GemObject.BufferObjects], rig.Driver.BackedBytes));
        }

        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Item6_a_write_index_of_2_pow_62_keeps_no_wait_past_its_deadline_in_seeded_mode()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf, new SimulationOptions { Seed = 12 });
        var npu = AmdxdnaDriver.CreateDevice(rig.Kernel, AmdxdnaGeneration.Aie2Npu4);
        using var umq = new UserModeQueue(rig);
        MemoryMarshal.Write(umq.Queue.Span[16..], 1UL << 62);
        umq.Ring();

        long start = rig.Kernel.MonotonicNanoseconds;
        long traced = rig.Kernel.TraceCount;
        Assert.Equal(Errno.ETIME, umq.Wait(rig, 0, 10));
        Assert.InRange(rig.Kernel.MonotonicNanoseconds - start, 10_000_000, 20_000_000);

        // A 10 ms SYNCOBJ_WAIT on the other device, on a fence nothing will signal.
        using DeviceFile other = DeviceFile.Open(rig.Process, npu.Device.NodePath).Value;
        var create = new Uapi.Drm.drm_syncobj_create();
        other.IoctlOrThrow(Uapi.Drm.Drm.DRM_IOCTL_SYNCOBJ_CREATE, ref create);
        byte[] handle = BitConverter.GetBytes(create.handle);
        var wait = new Uapi.Drm.drm_syncobj_wait
        {
            handles = rig.Pin(handle),
            count_handles = 1,
            flags = Uapi.Drm.Drm.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT,
            timeout_nsec = rig.Kernel.MonotonicNanoseconds + 10_000_000,
        };
        umq.Ring();
        Assert.Equal(Errno.ETIME, other.Ioctl(Uapi.Drm.Drm.DRM_IOCTL_SYNCOBJ_WAIT, ref wait).Error);
        Assert.InRange(rig.Kernel.TraceCount - traced, 0, 100);
    }

    [Fact]
    public void Item6_a_wait_with_inline_firmware_ends_at_its_deadline_while_other_work_keeps_the_firmware_busy()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf);
        using var busy = new UserModeQueue(rig);
        using var idle = new UserModeQueue(rig);
        ulong never = idle.Push(); // no doorbell: never consumed
        int stop = 0;
        long pushed = 0;
        var producer = new Thread(() =>
        {
            var until = DateTime.UtcNow.AddSeconds(20);
            while (Volatile.Read(ref stop) == 0 && DateTime.UtcNow < until)
            {
                if (busy.WriteIndex - busy.ReadIndex < UserModeQueue.Capacity)
                {
                    busy.Push();
                    busy.Ring();
                    Interlocked.Increment(ref pushed);
                }
            }
        });
        producer.Start();
        SpinWait.SpinUntil(() => Interlocked.Read(ref pushed) > 0);
        Errno r = idle.Wait(rig, never, 10);
        bool producerStillRunning = producer.IsAlive;
        Volatile.Write(ref stop, 1);
        producer.Join();
        Assert.Equal(Errno.ETIME, r);
        Assert.True(producerStillRunning, "the wait ended only because the producer gave up");
    }

    [Fact]
    public void Item7_exec_cmd_racing_destroy_hwctx_leaves_no_job_fence_or_bo_after_exit()
    {
        for (int round = 0; round < 200; round++)
        {
            using var rig = new NpuRig();
            rig.Heap();
            amdxdna_drm_create_hwctx ctx = rig.Context();
            uint cmd = rig.Bo(Cmd, 4096);
            using var start = new Barrier(3);
            var results = new Errno[2, 4];
            Thread[] submitters = [.. Enumerable.Range(0, 2).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                for (int i = 0; i < results.GetLength(1); i++)
                {
                    results[t, i] = rig.Exec(ctx.handle, cmd, out _);
                }
            }))];
            foreach (Thread submitter in submitters)
            {
                submitter.Start();
            }

            start.SignalAndWait();
            Thread.SpinWait(round * 50); // move the destroy across the submits
            var destroy = new amdxdna_drm_destroy_hwctx { handle = ctx.handle };
            Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy).Error);
            foreach (Thread submitter in submitters)
            {
                submitter.Join();
            }

            Assert.All(results.Cast<Errno>(), r => Assert.True(r == Errno.None || r == Errno.EINVAL, r.ToString()));
            Assert.Equal(0, rig.Kernel.Counts[AmdxdnaDriver.Jobs]); // the destroy drained or cancelled every pushed job
            rig.Exit();
            Assert.True(rig.Kernel.Counts.AllZero, $"round {round}: {rig.Kernel.Counts}");
        }
    }

    [Fact]
    public void Item7_doorbell_mmap_racing_destroy_hwctx_never_takes_a_reference_on_a_freed_page()
    {
        for (int round = 0; round < 200; round++)
        {
            using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf);
            uint queue = rig.Bo(Share, 4096);
            amdxdna_drm_create_hwctx ctx = rig.Context(umqBo: queue);
            using var start = new Barrier(2);
            SysResult<MappedRegion>? mapped = null;
            var mapper = new Thread(() =>
            {
                start.SignalAndWait();
                mapped = rig.File.Map(4096, ctx.umq_doorbell);
            });
            mapper.Start();
            start.SignalAndWait();
            var destroy = new amdxdna_drm_destroy_hwctx { handle = ctx.handle };
            Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy).Error);
            mapper.Join();
            SysResult<MappedRegion> result = mapped!.Value;
            Assert.True(result.IsSuccess || result.Error == Errno.EINVAL, result.Error.ToString());
            if (result.IsSuccess)
            {
                result.Value.Dispose();
            }

            rig.Exit();
            Assert.True(rig.Kernel.Counts.AllZero, $"round {round}: {rig.Kernel.Counts}");
        }
    }

    [Fact]
    public void Item8_dev_heaps_created_from_two_threads_never_overlap_and_never_throw()
    {
        for (int round = 0; round < 50; round++)
        {
            using var rig = new NpuRig(AmdxdnaGeneration.Aie2Npu4);
            var results = new Errno[2][];
            using var start = new Barrier(2);
            Thread[] threads = [.. Enumerable.Range(0, 2).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                results[t] = [.. Enumerable.Range(0, 5).Select(_ => rig.CreateBo(Heap, 64 * MiB, out uint _))];
            }))];
            foreach (Thread thread in threads)
            {
                thread.Start();
            }

            foreach (Thread thread in threads)
            {
                thread.Join();
            }

            // 512 MiB of heap: exactly eight 64 MiB chunks succeed, the other two find the heap full.
            Errno[] all = [.. results[0], .. results[1]];
            Assert.Equal(8, all.Count(r => r == Errno.None));
            Assert.Equal(2, all.Count(r => r == Errno.ENOSPC));
            rig.Exit();
            Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
        }
    }

    [Fact]
    public void Item8_create_hwctx_racing_a_destroy_of_the_id_it_is_about_to_get_never_throws_and_leaks_nothing()
    {
        for (int round = 0; round < 20; round++)
        {
            using var rig = new NpuRig();
            rig.Heap();
            var created = new Errno[20];
            using var start = new Barrier(2);
            var creator = new Thread(() =>
            {
                start.SignalAndWait();
                for (int i = 0; i < created.Length; i++)
                {
                    created[i] = rig.CreateContext(out _);
                }
            });
            creator.Start();
            start.SignalAndWait();
            for (int i = 0; i < 2000 && creator.IsAlive; i++)
            {
                // Ids are cyclic from 1: destroy whatever the creator is about to publish.
                var destroy = new amdxdna_drm_destroy_hwctx { handle = (uint)(i % created.Length) + 1 };
                Errno r = NpuRig.Raw(rig.File, DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy).Error;
                Assert.True(r == Errno.None || r == Errno.EINVAL, r.ToString());
            }

            creator.Join();
            Assert.All(created, r => Assert.Equal(Errno.None, r));
            rig.Exit();
            Assert.True(rig.Kernel.Counts.AllZero, $"round {round}: {rig.Kernel.Counts}");
        }
    }

    private static void Close(DeviceFile file, uint handle)
    {
        var close = new Uapi.Drm.drm_gem_close { handle = handle };
        file.IoctlOrThrow(Uapi.Drm.Drm.DRM_IOCTL_GEM_CLOSE, ref close);
    }
}
