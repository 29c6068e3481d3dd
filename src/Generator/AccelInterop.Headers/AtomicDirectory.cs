using System.Runtime.InteropServices;

namespace AccelInterop.Headers;

/// <summary>
/// Replaces a directory by another one so that readers see either the old tree or the new one,
/// never a missing or half-written one.
/// </summary>
internal static class AtomicDirectory
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    /// <summary>
    /// Moves <paramref name="source"/> to <paramref name="destination"/>. When the destination already
    /// exists the two are swapped with <c>renameat2(RENAME_EXCHANGE)</c> and the previous tree, now at
    /// <paramref name="source"/>, is returned for the caller to delete; otherwise returns null.
    /// </summary>
    public static string? Replace(string source, string destination)
    {
        if (!Directory.Exists(destination))
        {
            Directory.Move(source, destination);
            return null;
        }

        if (OperatingSystem.IsLinux() && TryExchange(source, destination))
        {
            return source;
        }

        // Filesystems without RENAME_EXCHANGE: two renames. Only a crash between them can leave
        // the destination missing, and then the old tree is still intact at the ".old" path.
        var old = source + ".old";
        Directory.Move(destination, old);
        Directory.Move(source, destination);
        return old;
    }

    private static bool TryExchange(string a, string b)
    {
        try
        {
            if (renameat2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0)
            {
                return true;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return false; // libc older than glibc 2.28 or not glibc.
        }
        catch (DllNotFoundException)
        {
            return false;
        }

        var errno = Marshal.GetLastPInvokeError();
        const int ENOSYS = 38, EINVAL = 22, EXDEV = 18;
        if (errno is ENOSYS or EINVAL)
        {
            return false;
        }

        throw new IOException($"cannot swap {a} and {b}: {Marshal.GetPInvokeErrorMessage(errno)}" + (errno == EXDEV ? " (different filesystems)" : ""));
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe blocks for one call.
    private static extern int renameat2(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath, uint flags);
#pragma warning restore SYSLIB1054
}
