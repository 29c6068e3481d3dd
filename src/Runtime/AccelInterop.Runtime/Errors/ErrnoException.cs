namespace AccelInterop.Runtime.Errors;

/// <summary>A failed kernel call, for callers who prefer exceptions over <see cref="SysResult"/>.</summary>
public sealed class ErrnoException : IOException
{
    public ErrnoException(Errno errno, string? operation = null)
        : base(FormatMessage(errno, operation))
    {
        Errno = errno;
        Operation = operation;
    }

    public Errno Errno { get; }

    /// <summary>What failed, e.g. the ioctl request name; null when not known.</summary>
    public string? Operation { get; }

    private static string FormatMessage(Errno errno, string? operation) =>
        operation is null ? $"{errno}: {errno.Description}" : $"{operation} failed: {errno}: {errno.Description}";
}
