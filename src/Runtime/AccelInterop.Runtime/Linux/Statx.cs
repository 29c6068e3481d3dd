using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;

namespace AccelInterop.Runtime.Linux;

/// <summary>
/// statx(2) on a descriptor (AT_EMPTY_PATH), read into <see cref="FileStatus"/>. struct statx has
/// one layout on every architecture (linux/stat.h); the offsets below are checked against gcc in
/// the tests.
/// </summary>
internal static unsafe class Statx
{
    public const int Size = 256;
    public const int EmptyPath = 0x1000;           // AT_EMPTY_PATH
    public const uint TypeModeInode = 0x1 | 0x2 | 0x100; // STATX_TYPE | STATX_MODE | STATX_INO
    public const int ModeOffset = 28;               // __u16 stx_mode
    public const int InodeOffset = 32;              // __u64 stx_ino
    public const int SpecialDeviceMajorOffset = 128; // __u32 stx_rdev_major, then stx_rdev_minor
    public const int DeviceMajorOffset = 136;        // __u32 stx_dev_major, then stx_dev_minor

    public static SysResult<FileStatus> Of(int fd)
    {
        byte* buffer = stackalloc byte[Size];
        if (LibC.Statx(fd, "", EmptyPath, TypeModeInode, buffer) != 0)
        {
            return SysResult<FileStatus>.Failure(new Errno(Marshal.GetLastPInvokeError()));
        }

        var span = new ReadOnlySpan<byte>(buffer, Size);
        return SysResult<FileStatus>.Success(new FileStatus(
            FileStatus.MakeDevice(Read(span, DeviceMajorOffset), Read(span, DeviceMajorOffset + 4)),
            MemoryMarshal.Read<ulong>(span[InodeOffset..]),
            MemoryMarshal.Read<ushort>(span[ModeOffset..]),
            FileStatus.MakeDevice(Read(span, SpecialDeviceMajorOffset), Read(span, SpecialDeviceMajorOffset + 4))));
    }

    private static uint Read(ReadOnlySpan<byte> span, int offset) => MemoryMarshal.Read<uint>(span[offset..]);
}
