using AccelInterop.Simulation.Drm;

namespace AccelInterop.Simulation.Qda;

/// <summary>
/// Per-file state (<c>struct qda_file_priv</c>, <c>qda_drv.c:qda_open</c>): the opener's pid, the
/// remote session id from the device-wide counter, the context bank assigned on first use, and
/// the init memory of the DSP process (replaced on every REMOTE_SESSION_CREATE).
/// </summary>
public sealed class QdaFile
{
    internal QdaFile(DrmFile file, uint sessionId)
    {
        File = file;
        SessionId = sessionId;
    }

    public DrmFile File { get; }

    /// <summary>The opener's pid.</summary>
    public int Pid => File.Pid;

    /// <summary>remote_session_id: 1 for the device's first open, then 2, ...</summary>
    public uint SessionId { get; }

    /// <summary>The context bank assigned to this file (shared with the other files of its pid), null until the first allocation or import.</summary>
    public QdaContextBank? ContextBank { get; internal set; }

    /// <summary>The 4 MiB init memory of the DSP process while one was requested.</summary>
    public QdaBo? InitMemory { get; internal set; }

    /// <summary>Serialises the file's init-memory replacement.</summary>
    internal Lock Lock { get; } = new();
}
