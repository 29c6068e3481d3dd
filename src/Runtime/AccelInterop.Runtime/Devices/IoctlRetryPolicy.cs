using AccelInterop.Runtime.Errors;

namespace AccelInterop.Runtime.Devices;

/// <summary>
/// Whether <see cref="DeviceFile.Ioctl{TArg}"/> repeats a call, which belongs to the kind of device:
/// libdrm's <c>drmIoctl</c> repeats a DRM ioctl while it fails with EINTR or EAGAIN (DRM drivers
/// return these for waits cut short by a signal and for transient contention, expecting the same
/// call again); other devices (VFIO, dma-heap, ...) are called once, as their libraries do.
/// <see cref="DeviceFile.IoctlOnce{TArg}"/> is always one attempt. A repeat also needs the backend's
/// consent (<see cref="IKernelBackend.MayRepeat"/>): the real kernel always gives it, a simulated
/// kernel refuses it for a wait it interrupted because nothing could ever end it.
/// </summary>
public sealed class IoctlRetryPolicy
{
    private static readonly string[] s_drmNodePrefixes = ["/dev/dri/", "/dev/accel/"];
    private readonly bool _repeatsInterrupted;

    private IoctlRetryPolicy(string name, bool repeatsInterrupted)
    {
        Name = name;
        _repeatsInterrupted = repeatsInterrupted;
    }

    /// <summary>One attempt.</summary>
    public static IoctlRetryPolicy None { get; } = new("none", repeatsInterrupted: false);

    /// <summary>libdrm's drmIoctl: again while EINTR or EAGAIN.</summary>
    public static IoctlRetryPolicy Libdrm { get; } = new("libdrm", repeatsInterrupted: true);

    /// <summary>The policy of the device at <paramref name="path"/>: libdrm's for DRM nodes (/dev/dri, /dev/accel), none otherwise.</summary>
    public static IoctlRetryPolicy ForNode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (string prefix in s_drmNodePrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return Libdrm;
            }
        }

        return None;
    }

    public string Name { get; }

    /// <summary>Whether a call that failed with <paramref name="error"/> is made again.</summary>
    public bool Repeats(Errno error) => _repeatsInterrupted && (error == Errno.EINTR || error == Errno.EAGAIN);

    public override string ToString() => Name;
}
