namespace AccelInterop.Runtime.Devices;

/// <summary>
/// What fstat(2) says about an open file's identity: the device of its filesystem
/// (<c>st_dev</c>), its inode number (<c>st_ino</c>), its type and permission bits
/// (<c>st_mode</c>) and, for a device file, the device it stands for (<c>st_rdev</c>). Two
/// descriptors refer to the same object — the same dma-buf, the same device node — when
/// <see cref="Device"/> and <see cref="Inode"/> are equal. Device numbers are encoded as glibc's
/// <c>makedev</c> does.
/// </summary>
public readonly record struct FileStatus(ulong Device, ulong Inode, uint Mode, ulong SpecialDevice)
{
    /// <summary>S_IFMT: the file-type bits of <see cref="Mode"/>.</summary>
    public const uint TypeMask = 0xF000;

    /// <summary>S_IFCHR.</summary>
    public const uint CharacterDevice = 0x2000;

    public bool IsCharacterDevice => (Mode & TypeMask) == CharacterDevice;

    /// <summary>Whether both describe the same inode of the same filesystem.</summary>
    public bool IsSameFile(FileStatus other) => Device == other.Device && Inode == other.Inode;

    /// <summary>glibc's makedev: a device number from its major and minor numbers.</summary>
    public static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0x00000FFFu) << 8) | ((ulong)(major & 0xFFFFF000u) << 32) |
        (minor & 0x000000FFu) | ((ulong)(minor & 0xFFFFFF00u) << 12);

    /// <summary>glibc's major.</summary>
    public static uint Major(ulong device) => (uint)(((device & 0x00000000000FFF00UL) >> 8) | ((device & 0xFFFFF00000000000UL) >> 32));

    /// <summary>glibc's minor.</summary>
    public static uint Minor(ulong device) => (uint)((device & 0x00000000000000FFUL) | ((device & 0x00000FFFFFF00000UL) >> 12));
}
