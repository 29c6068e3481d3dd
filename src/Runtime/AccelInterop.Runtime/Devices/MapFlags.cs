namespace AccelInterop.Runtime.Devices;

/// <summary>mmap(2) flags (MAP_*); device memory is normally mapped <see cref="Shared"/>.</summary>
[Flags]
public enum MapFlags
{
    Shared = 0x01,
    Private = 0x02,
    Fixed = 0x10,
}
