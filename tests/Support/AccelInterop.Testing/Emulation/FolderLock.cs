namespace AccelInterop.Testing.Emulation;

/// <summary>An exclusive lock between processes: an open lock file no one else may share, retried until free.</summary>
internal static class FolderLock
{
    public static FileStream Take(string path)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(15))
            {
                Thread.Sleep(200);
            }
        }
    }
}
