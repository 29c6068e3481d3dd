using AccelInterop.Runtime.Errors;

namespace AccelInterop.Runtime.Devices;

/// <summary>
/// A backend whose mappings are not all plain memory: the simulated kernel models device
/// registers behind a BAR mapping, and faults on a mapping whose memory was revoked. The
/// register accessors of <see cref="MappedRegion"/> go through it; on the real kernel they are
/// volatile loads and stores of the given width.
/// </summary>
public interface IDeviceMemoryBackend
{
    /// <summary>A load of <paramref name="size"/> bytes (1, 2, 4 or 8) at <paramref name="address"/> inside a mapping; EFAULT where the real access would raise SIGBUS.</summary>
    SysResult<ulong> LoadMapped(nint address, int size);

    /// <summary>A store of <paramref name="size"/> bytes at <paramref name="address"/> inside a mapping; EFAULT where the real access would raise SIGBUS.</summary>
    SysResult StoreMapped(nint address, ulong value, int size);
}
