namespace AccelInterop.Headers;

/// <summary>
/// A header sync failure whose <see cref="Exception.Message"/> is one line meant for the user
/// (the CLI prints it as is and exits with a failure code).
/// </summary>
public class HeaderSyncException : Exception
{
    public HeaderSyncException(string message)
        : base(message)
    {
    }

    public HeaderSyncException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
