using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Hostile;

/// <summary>
/// Issue 12 item 6: Exit() racing another thread of the same process (kernel/exit.c:do_exit,
/// exit_files, exit_mmap): a call in flight when the process exits installs nothing afterwards;
/// it undoes its descriptor or mapping and fails.
/// </summary>
public sealed class ExitRaceTests
{
    private const string Path = "/dev/gated";

    [Fact]
    public async Task Exit_racing_an_open_leaves_no_descriptor_and_releases_the_file()
    {
        (SimulatedKernel kernel, GatedDevice device, SimulatedProcess process) = Rig(gateOpen: true);

        Task<SysResult> open = Task.Run(() => process.Open(Path, OpenFlags.ReadWrite));
        Assert.True(device.Entered.Wait(TimeSpan.FromSeconds(30)));
        process.Exit();
        device.Gate.Set();

        Assert.Equal(Errno.ESRCH, (await open.WaitAsync(TimeSpan.FromSeconds(30))).Error);
        Assert.Equal(0, process.OpenDescriptorCount);
        Assert.Equal(1, device.Releases);
        Assert.Equal(0, kernel.Counts[OpenFile.OpenFiles]);
    }

    [Fact]
    public async Task Exit_racing_an_mmap_leaves_no_mapping_and_drops_its_file()
    {
        (SimulatedKernel kernel, GatedDevice device, SimulatedProcess process) = Rig(gateOpen: false);
        int fd = process.Open(Path, OpenFlags.ReadWrite).Value;

        Task<SysResult<nint>> map = Task.Run(() => process.Mmap(0, 4096, MemoryProtection.ReadWrite, MapFlags.Shared, fd, 0));
        Assert.True(device.Entered.Wait(TimeSpan.FromSeconds(30)));
        process.Exit();
        device.Gate.Set();

        Assert.Equal(Errno.ESRCH, (await map.WaitAsync(TimeSpan.FromSeconds(30))).Error);
        Assert.Equal(0, process.MappingCount);
        Assert.Equal(1, device.Unmaps);
        Assert.Equal(1, device.Releases);
        Assert.Equal(0, kernel.Counts[OpenFile.OpenFiles]);
    }

    [Fact]
    public void Exit_revokes_the_process_user_memory()
    {
        var kernel = new SimulatedKernel();
        SimulatedProcess process = kernel.CreateProcess();
        byte[] buffer = new byte[64];
        using PinnedUserMemory pinned = process.Memory.Pin(buffer);

        process.Exit();

        Assert.False(process.Memory.IsAccessible(pinned.Address, 64));
        Assert.Equal(Errno.EFAULT, Errno.FromKernelReturn(process.Memory.CopyToUser(pinned.Address, [1, 2, 3])));
        Assert.Equal(0, buffer[0]);
    }

    private static (SimulatedKernel, GatedDevice, SimulatedProcess) Rig(bool gateOpen)
    {
        var kernel = new SimulatedKernel();
        var device = new GatedDevice(gateOpen);
        kernel.AddDeviceNode(Path, device);
        return (kernel, device, kernel.CreateProcess());
    }

    // A device whose open (or mmap) waits at a gate, so that the test can exit the process meanwhile.
    private sealed class GatedDevice(bool gateOpen) : ICharacterDevice, IFileOperations
    {
        private int _releases;
        private int _unmaps;

        public ManualResetEventSlim Entered { get; } = new();
        public ManualResetEventSlim Gate { get; } = new();
        public int Releases => Volatile.Read(ref _releases);
        public int Unmaps => Volatile.Read(ref _unmaps);

        public int Open(SimulatedProcess opener, OpenFlags flags, out IFileOperations? operations)
        {
            if (gateOpen)
            {
                Entered.Set();
                Gate.Wait();
            }

            operations = this;
            return 0;
        }

        int IFileOperations.Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping)
        {
            Entered.Set();
            Gate.Wait();
            mapping = new Mapping(this, length);
            return 0;
        }

        void IFileOperations.Release(OpenFile file) => Interlocked.Increment(ref _releases);

        private sealed class Mapping(GatedDevice device, nuint length) : MemoryMapping(0x10000, length)
        {
            protected override void OnUnmap() => Interlocked.Increment(ref device._unmaps);
        }
    }
}
