namespace AccelInterop.Scanner.Clang;

/// <summary>
/// No usable libclang on this machine (or the one named by <c>ACCELINTEROP_LIBCLANG</c> cannot
/// be used). The message is one line that names the Debian packages to install.
/// </summary>
public sealed class LibClangNotFoundException : Exception
{
    public LibClangNotFoundException(string message)
        : base(message)
    {
    }
}
