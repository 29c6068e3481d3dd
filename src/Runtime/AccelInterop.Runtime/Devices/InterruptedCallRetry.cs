using AccelInterop.Runtime.Errors;

namespace AccelInterop.Runtime.Devices;

/// <summary>
/// libdrm's drmIoctl rule: repeat the ioctl while it fails with EINTR or EAGAIN. DRM drivers
/// return these for waits cut short by a signal and for transient contention, and expect the
/// same call to be made again with the same argument.
/// </summary>
internal static unsafe class InterruptedCallRetry
{
    public static SysResult Ioctl(IKernelBackend backend, int fd, ulong request, void* argument)
    {
        SysResult result;
        do
        {
            result = backend.Ioctl(fd, request, argument);
        }
        while (IsTransient(result.Error));

        return result;
    }

    public static bool IsTransient(Errno error) => error == Errno.EINTR || error == Errno.EAGAIN;
}
