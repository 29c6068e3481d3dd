using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Drm;
using static AccelInterop.Simulation.Tests.Drm.DrmRig;

namespace AccelInterop.Simulation.Tests.Hostile;

/// <summary>Issue 12 item 7: the blind spots (counts, unsignalled fences, the trace, argument and user-memory checks, finalizers).</summary>
public sealed unsafe class VisibilityTests
{
    [Fact]
    public void Counts_include_open_files()
    {
        var rig = new DrmRig();
        SimulatedProcess process = rig.Kernel.CreateProcess();
        DeviceFile file = rig.Open(process);
        int dup = process.Dup(file.Handle.Fd).Value;
        Assert.Equal(1, rig.Kernel.Counts[OpenFile.OpenFiles]); // one open file description, two descriptors

        file.Dispose();
        Assert.Equal(1, rig.Kernel.Counts[OpenFile.OpenFiles]);
        Assert.True(process.Close(dup).IsSuccess);
        Assert.Equal(0, rig.Kernel.Counts[OpenFile.OpenFiles]);
        Assert.True(rig.Kernel.Counts.AllZero);
    }

    [Fact]
    public void Unsignalled_fences_are_listed_with_their_age_without_waiting()
    {
        var kernel = new SimulatedKernel(new SimulationOptions { Seed = 1 });
        var context = new DmaFenceContext("test", "ring", counts: kernel.Counts);
        var early = new DmaFence(context, context.NextSeqno());
        kernel.AdvanceClock(kernel.MonotonicNanoseconds + 3_000_000);
        var late = new DmaFence(context, context.NextSeqno());
        kernel.AdvanceClock(kernel.MonotonicNanoseconds + 2_000_000);

        IReadOnlyList<UnsignaledFence> pending = kernel.Counts.UnsignaledFences.Snapshot();
        Assert.Equal([(1UL, 5_000_000L), (2UL, 2_000_000L)], pending.Select(f => (f.Seqno, f.AgeNanoseconds)));
        Assert.All(pending, f => Assert.Equal(context.Id, f.Context));
        Assert.Contains("unsignalled fences 2", kernel.Counts.ToString(), StringComparison.Ordinal);

        early.Signal();
        Assert.Equal([2UL], kernel.Counts.UnsignaledFences.Snapshot().Select(f => f.Seqno));
        late.Put(); // released unsignalled: off the list too
        Assert.Equal(0, kernel.Counts.UnsignaledFences.Count);
        Assert.False(kernel.Counts.AllZero); // early still lives
        early.Put();
        Assert.True(kernel.Counts.AllZero);
    }

    [Fact]
    public void Trace_is_a_bounded_ring_whose_digest_still_tells_runs_apart()
    {
        SimulatedKernel Run(string last)
        {
            var kernel = new SimulatedKernel(new SimulationOptions { Seed = 1, TraceCapacity = 4 });
            for (int i = 0; i < 9; i++)
            {
                kernel.Trace($"event {i}");
            }

            kernel.Trace(last);
            return kernel;
        }

        SimulatedKernel one = Run("end");
        SimulatedKernel same = Run("end");
        SimulatedKernel other = Run("other end");

        Assert.Equal(["0: event 6", "0: event 7", "0: event 8", "0: end"], one.TraceLog);
        Assert.Equal(10, one.TraceCount);
        Assert.Equal(one.TraceDigest, same.TraceDigest);
        Assert.NotEqual(one.TraceDigest, other.TraceDigest);
        Assert.Equal(0UL, new SimulatedKernel().TraceDigest); // not deterministic: no trace
    }

    [Fact]
    public void An_ioctl_argument_is_checked_over_its_whole_length()
    {
        var rig = new DrmRig();
        SimulatedProcess process = rig.Kernel.CreateProcess();
        using DeviceFile file = rig.Open(process);
        ulong echo = Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 16);

        // A span shorter than the command's 16 bytes: the copy would run past it.
        Assert.Equal(Errno.EFAULT, file.Ioctl(echo, new byte[8]).Error);
        // A wild pointer (not the caller's argument, not registered): EFAULT, not a host crash.
        Assert.Equal(Errno.EFAULT, file.Ioctl(echo, (void*)0x7000_0000_0000).Error);
        Assert.Equal(0, rig.Driver.Calls);

        // Registered memory is user memory for a bare pointer too.
        void* native = NativeMemory.AllocZeroed(16);
        try
        {
            using (process.Memory.Register(native, 16))
            {
                Assert.True(file.Ioctl(echo, native).IsSuccess);
            }

            Assert.Equal(Errno.EFAULT, file.Ioctl(echo, native).Error);
        }
        finally
        {
            NativeMemory.Free(native);
        }

        Assert.True(file.Ioctl(echo, new byte[16]).IsSuccess);
        Assert.Equal(2, rig.Driver.Calls);
    }

    [Fact]
    public void A_disposed_registration_is_never_written_afterwards()
    {
        var kernel = new SimulatedKernel();
        SimulatedProcess process = kernel.CreateProcess();
        byte* memory = (byte*)NativeMemory.AllocZeroed(1 << 16);
        try
        {
            UserMemoryRegistration registration = process.Memory.Register(memory, 1 << 16);
            byte[] pattern = Enumerable.Repeat((byte)0xAA, 1 << 16).ToArray();
            using var stop = new CancellationTokenSource();
            int copies = 0;
            var writer = new Thread(() =>
            {
                while (!stop.IsCancellationRequested && process.Memory.CopyToUser((ulong)memory, pattern) == 0)
                {
                    Interlocked.Increment(ref copies);
                }
            });
            writer.Start();
            SpinWait.SpinUntil(() => Volatile.Read(ref copies) > 10);

            registration.Dispose();
            new Span<byte>(memory, 1 << 16).Clear(); // the memory is the user's again (about to be freed)
            Thread.Sleep(20);
            stop.Cancel();
            writer.Join();

            Assert.False(new ReadOnlySpan<byte>(memory, 1 << 16).ContainsAnyExcept((byte)0), "the kernel wrote after the registration was disposed");
        }
        finally
        {
            NativeMemory.Free(memory);
        }
    }

    [Fact]
    public void Undisposed_device_files_and_mappings_are_not_closed_by_the_finalizer()
    {
        var rig = new DrmRig();
        SimulatedProcess process = rig.Kernel.CreateProcess();
        OpenAndDrop(rig, process);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(1, process.OpenDescriptorCount); // leaked until exit, as on Linux; no syscall from the finalizer thread
        Assert.Equal(1, rig.Kernel.Counts[OpenFile.OpenFiles]);
        process.Exit();
        Assert.Equal(0, rig.Kernel.Counts[OpenFile.OpenFiles]);
        Assert.False(new SafeFileDescriptor(process, 0).Backend.ReleasesFromFinalizer);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OpenAndDrop(DrmRig rig, SimulatedProcess process) => _ = rig.Open(process);
}
