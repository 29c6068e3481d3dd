namespace AccelInterop.Runtime.Ioctl;

/// <summary>
/// Which way an ioctl's argument travels, named as <c>_IOW</c>/<c>_IOR</c> name it: Write
/// means user space writes the argument for the kernel to read.
/// </summary>
[Flags]
public enum IoctlDirection : byte
{
    None = 0,
    Write = 1,
    Read = 2,
    ReadWrite = Write | Read,
}
