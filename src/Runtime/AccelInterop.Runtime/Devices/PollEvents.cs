namespace AccelInterop.Runtime.Devices;

/// <summary>poll(2) event bits (POLL*), as requested and as returned.</summary>
[Flags]
public enum PollEvents : short
{
    None = 0,
    In = 0x001,
    Priority = 0x002,
    Out = 0x004,
    Error = 0x008,
    HangUp = 0x010,
    Invalid = 0x020,
}
