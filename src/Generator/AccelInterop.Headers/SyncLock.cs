namespace AccelInterop.Headers;

/// <summary>
/// Serializes syncs of one repository across processes (test projects run in parallel and the private
/// apt state runs without apt's own lock). Backed by an exclusive open, which .NET maps to flock on Unix,
/// so a crashed holder releases it.
/// </summary>
internal sealed class SyncLock : IDisposable
{
    private readonly FileStream _stream;

    private SyncLock(FileStream stream) => _stream = stream;

    public static SyncLock Acquire(string directory, TimeSpan timeout)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "sync.lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new SyncLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
            catch (IOException e)
            {
                throw new HeaderSyncException($"another header sync holds {path} (waited {timeout.TotalMinutes:0.#} minutes): {e.Message}");
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
