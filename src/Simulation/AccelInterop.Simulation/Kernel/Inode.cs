using AccelInterop.Runtime.Devices;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// The inode an open file refers to, which is what fstat reports: a device node's own inode
/// (every open of the node shares it), the kernel's one anonymous inode (eventfd, sync_file,
/// syncobj files: <c>anon_inode_getfile</c>), or an inode of its own on a pseudo filesystem (each
/// dma-buf). The filesystem device numbers are the simulation's own.
/// </summary>
public sealed class Inode
{
    /// <summary>devtmpfs, where device nodes live.</summary>
    public static readonly ulong DevTmpfs = FileStatus.MakeDevice(0, 5);

    /// <summary>anon_inodefs.</summary>
    public static readonly ulong AnonInodeFs = FileStatus.MakeDevice(0, 14);

    /// <summary>The dma-buf pseudo filesystem.</summary>
    public static readonly ulong DmaBufFs = FileStatus.MakeDevice(0, 9);

    /// <summary>S_IFCHR | 0666: a device node.</summary>
    public const uint CharacterDeviceMode = FileStatus.CharacterDevice | 0x1B6;

    /// <summary>0600, no type bits: an anonymous inode.</summary>
    public const uint AnonymousMode = 0x180;

    internal Inode(ulong device, ulong number, uint mode, ulong specialDevice)
    {
        Status = new FileStatus(device, number, mode, specialDevice);
    }

    public FileStatus Status { get; }

    public override string ToString() => $"inode {Status.Inode} on {FileStatus.Major(Status.Device)}:{FileStatus.Minor(Status.Device)}";
}
