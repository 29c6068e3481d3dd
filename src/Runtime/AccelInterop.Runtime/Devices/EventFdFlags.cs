namespace AccelInterop.Runtime.Devices;

/// <summary>eventfd2(2) flags (EFD_*; values as on every architecture .NET runs on, checked against gcc in the tests).</summary>
[Flags]
public enum EventFdFlags
{
    None = 0,

    /// <summary>EFD_SEMAPHORE: a read takes 1 from the counter instead of all of it.</summary>
    Semaphore = 0x1,

    /// <summary>EFD_NONBLOCK (O_NONBLOCK): reads and writes that would wait fail with EAGAIN.</summary>
    NonBlocking = 0x800,

    /// <summary>EFD_CLOEXEC (O_CLOEXEC).</summary>
    CloseOnExec = 0x80000,
}
