namespace AccelInterop.Simulation.Xe;

/// <summary>
/// Exec-queue limits (<c>xe_exec_queue.c</c>, <c>xe_hw_engine.c</c>): how many placements a queue
/// may have, how long an extension chain may be, and the timeslice range of an engine class.
/// </summary>
public static class XeExecQueueLimits
{
    /// <summary>XE_HW_ENGINE_MAX_INSTANCE: width × placements may not exceed it.</summary>
    public const int MaxInstances = 9;

    /// <summary>MAX_USER_EXTENSIONS: links an extension chain may have before -E2BIG.</summary>
    public const int MaxExtensions = 16;

    /// <summary>The default timeslice of an engine class (µs).</summary>
    public const uint DefaultTimesliceMicroseconds = 1000;

    /// <summary>The timeslice range an engine class accepts (XE_HW_ENGINE_TIMESLICE_MIN/MAX, µs).</summary>
    public const uint MinTimesliceMicroseconds = 1;
    public const uint MaxTimesliceMicroseconds = 10_000_000;
}
