using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Linux;

namespace AccelInterop.KernelLane.Guest;

/// <summary>The real kernel in the VM: libc calls, user memory is just memory.</summary>
internal sealed unsafe partial class LinuxLaneHost(string eduAddress, string eduGroupPath) : ILaneHost
{
    private const uint MfdCloexec = 0x1, MfdAllowSealing = 0x2; // include/uapi/linux/memfd.h
    private const int FAddSeals = 1024 + 9;                      // F_ADD_SEALS (include/uapi/linux/fcntl.h)

    public IKernelBackend Kernel => LinuxKernel.Instance;

    public string EduAddress { get; } = eduAddress;

    public string EduGroupPath { get; } = eduGroupPath;

    public IDisposable ShareMemory(void* address, nuint length) => Nothing.Instance;

    public SysResult CreateMemfd(ulong size, uint seals)
    {
        int fd = MemfdCreate("lane", MfdCloexec | MfdAllowSealing);
        if (fd < 0)
        {
            return SysResult.Failure(new Errno(Marshal.GetLastPInvokeError()));
        }

        if (Ftruncate(fd, (long)size) < 0 || (seals != 0 && Fcntl(fd, FAddSeals, (int)seals) < 0))
        {
            var error = new Errno(Marshal.GetLastPInvokeError());
            LinuxKernel.Instance.Close(fd);
            return SysResult.Failure(error);
        }

        return SysResult.Success(fd);
    }

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int Ftruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();

        public void Dispose()
        {
        }
    }
}
