namespace AccelInterop.Runtime.Devices;

/// <summary>
/// An access through a <see cref="MappedRegion"/> that the kernel refused: on Linux the process
/// would get SIGBUS (device memory that was revoked or whose decoding is off); the simulated
/// kernel reports it as this exception instead, so a program can see it and a test can assert it.
/// </summary>
public sealed class MappingFaultException : Exception
{
    public MappingFaultException()
    {
    }

    public MappingFaultException(string message)
        : base(message)
    {
    }

    public MappingFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The faulting address.</summary>
    public nint Address { get; init; }
}
