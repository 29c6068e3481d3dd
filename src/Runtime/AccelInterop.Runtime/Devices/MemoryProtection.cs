namespace AccelInterop.Runtime.Devices;

/// <summary>mmap(2) protection bits (PROT_*).</summary>
[Flags]
public enum MemoryProtection
{
    None = 0,
    Read = 0x1,
    Write = 0x2,
    ReadWrite = Read | Write,
}
