using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// Return codes that live only inside the kernel (<c>include/linux/errno.h</c>) and how the syscall
/// exit turns them into what user space sees.
/// </summary>
public static class KernelReturn
{
    /// <summary>A wait was interrupted by a signal; the syscall may be restarted (never reaches user space as such).</summary>
    public const int ERESTARTSYS = 512;

    /// <summary>An operation the driver does not support (kernel-internal; user space sees the number 524 as is).</summary>
    public const int ENOTSUPP = 524;

    /// <summary>
    /// The syscall exit (<c>arch/x86/kernel/signal.c:handle_signal</c>): -ERESTARTSYS after a handler
    /// that did not ask for SA_RESTART is -EINTR for the caller, who repeats the call (libdrm does).
    /// </summary>
    public static int ToUser(int result) => result == -ERESTARTSYS ? -EINTR : result;
}
