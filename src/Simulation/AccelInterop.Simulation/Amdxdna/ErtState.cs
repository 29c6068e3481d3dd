namespace AccelInterop.Simulation.Amdxdna;

/// <summary>ERT command states written into the command BO header (bits 3:0).</summary>
public enum ErtState : uint
{
    New = 1,
    Queued = 2,
    Running = 3,
    Completed = 4,
    Error = 5,
    Abort = 6,
    Timeout = 8,
}
