namespace AccelInterop.Runtime.Devices;

/// <summary>open(2) flags (values as on every architecture .NET runs on; checked against gcc in the tests).</summary>
[Flags]
public enum OpenFlags
{
    ReadOnly = 0,
    WriteOnly = 0x1,
    ReadWrite = 0x2,
    NoControllingTerminal = 0x100,
    NonBlocking = 0x800,
    CloseOnExec = 0x80000,
}
