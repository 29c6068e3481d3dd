using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Linux;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Mem;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>
/// memfd_create, ftruncate and file seals (mm/memfd.c) on the simulation, held to what the real
/// kernel on this machine answers for the same calls in the same order.
/// </summary>
public sealed partial class MemfdTests
{
    // include/uapi/linux/fcntl.h: F_LINUX_SPECIFIC_BASE (1024) + 9 and + 10.
    private const int AddSealsCommand = 1033;
    private const int GetSealsCommand = 1034;

    /// <summary>The calls the script makes, on one backend.</summary>
    private interface IMemfdCalls
    {
        SysResult Create(MemfdFlags flags);
        SysResult Truncate(int fd, ulong length);
        SysResult AddSeals(int fd, MemfdSeals seals);
        SysResult GetSeals(int fd);
        IKernelBackend Backend { get; }
    }

    private sealed class Simulated(SimulatedProcess process) : IMemfdCalls
    {
        public IKernelBackend Backend => process;
        public SysResult Create(MemfdFlags flags) => process.MemfdCreate("memfd-test", flags);
        public SysResult Truncate(int fd, ulong length) => process.Truncate(fd, length);
        public SysResult AddSeals(int fd, MemfdSeals seals) => process.AddSeals(fd, seals);
        public SysResult GetSeals(int fd) => process.GetSeals(fd);
    }

    private sealed partial class Real : IMemfdCalls
    {
        public IKernelBackend Backend => LinuxKernel.Instance;
        public SysResult Create(MemfdFlags flags) => Result(MemfdCreate("memfd-test", (uint)flags));
        public SysResult Truncate(int fd, ulong length) => Result(Ftruncate(fd, (long)length));
        public SysResult AddSeals(int fd, MemfdSeals seals) => Result(Fcntl(fd, AddSealsCommand, (int)seals));
        public SysResult GetSeals(int fd) => Result(Fcntl(fd, GetSealsCommand, 0));

        private static SysResult Result(int value) =>
            value < 0 ? SysResult.Failure(Errno.FromKernelReturn(-Marshal.GetLastPInvokeError())) : SysResult.Success(value);

        [LibraryImport("libc", EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        private static partial int MemfdCreate(string name, uint flags);

        [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
        private static partial int Ftruncate(int fd, long length);

        [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
        private static partial int Fcntl(int fd, int command, int argument);
    }

    // Each step's errno (or value for F_GET_SEALS), in order; descriptors are closed at the end.
    private static List<string> Script(IMemfdCalls calls)
    {
        var log = new List<string>();
        var open = new List<int>();
        void Note(string step, SysResult r) => log.Add($"{step}: {(r.IsSuccess ? "ok" : r.Error.ToString())}");

        Note("create unknown flag", calls.Create((MemfdFlags)0x100));
        Note("create noexec and exec", calls.Create(MemfdFlags.NoExecSeal | MemfdFlags.Exec));

        int sealed0 = calls.Create(MemfdFlags.CloseOnExec).Value;
        open.Add(sealed0);
        Note("truncate", calls.Truncate(sealed0, 8192));
        log.Add($"seals without sealing: {calls.GetSeals(sealed0).Value}");
        Note("add shrink without sealing", calls.AddSeals(sealed0, MemfdSeals.Shrink));

        int fd = calls.Create(MemfdFlags.CloseOnExec | MemfdFlags.AllowSealing).Value;
        open.Add(fd);
        Note("truncate", calls.Truncate(fd, 8192));
        log.Add($"seals: {calls.GetSeals(fd).Value}");
        Note("add unknown seal", calls.AddSeals(fd, (MemfdSeals)0x40));
        Note("add shrink", calls.AddSeals(fd, MemfdSeals.Shrink));
        Note("shrink", calls.Truncate(fd, 4096));
        Note("grow", calls.Truncate(fd, 3 * 4096));

        SysResult<nint> mapped = calls.Backend.Mmap(0, 4096, MemoryProtection.ReadWrite, MapFlags.Shared, fd, 0);
        log.Add($"map writable: {(mapped.IsSuccess ? "ok" : mapped.Error.ToString())}");
        Note("add write while mapped", calls.AddSeals(fd, MemfdSeals.Write));
        Note("unmap", calls.Backend.Munmap(mapped.Value, 4096));
        Note("add write", calls.AddSeals(fd, MemfdSeals.Write));
        log.Add($"seals: {calls.GetSeals(fd).Value}");
        SysResult<nint> refused = calls.Backend.Mmap(0, 4096, MemoryProtection.ReadWrite, MapFlags.Shared, fd, 0);
        log.Add($"map writable after write seal: {(refused.IsSuccess ? "ok" : refused.Error.ToString())}");
        Note("add seal", calls.AddSeals(fd, MemfdSeals.Seal));
        Note("add grow after seal", calls.AddSeals(fd, MemfdSeals.Grow));

        foreach (int descriptor in open)
        {
            calls.Backend.Close(descriptor);
        }

        return log;
    }

    [Fact]
    public void Memfd_creation_truncation_and_seals_answer_as_the_real_kernel_does()
    {
        var kernel = new SimulatedKernel();
        SimulatedProcess process = kernel.CreateProcess("memfd");
        List<string> real = Script(new Real());
        List<string> simulated = Script(new Simulated(process));

        Assert.Equal(real, simulated);
        Assert.Contains(real, line => line.StartsWith("add write while mapped: EBUSY", StringComparison.Ordinal)); // the script reaches the interesting answers
        Assert.Contains(real, line => line.StartsWith("map writable after write seal: EPERM", StringComparison.Ordinal));
        process.Exit();
        Assert.True(kernel.Counts.AllZero, kernel.Counts.ToString());
    }
}
