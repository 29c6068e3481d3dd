namespace AccelInterop.Simulation.Qda;

/// <summary>
/// The remote method ids of the DSP's process-control handle and the kernel's own request kinds
/// (<c>qda_fastrpc.h</c>: FASTRPC_RMID_*, FASTRPC_INIT_HANDLE, the protection domains).
/// </summary>
public static class FastRpcMethod
{
    /// <summary>The remote handle of process control (FASTRPC_INIT_HANDLE).</summary>
    public const uint InitHandle = 1;

    public const uint InitAttach = 0;
    public const uint InitRelease = 1;
    public const uint InitMmap = 4;
    public const uint InitMunmap = 5;
    public const uint InitCreate = 6;
    public const uint InitCreateAttr = 7;
    public const uint InitMemMap = 10;
    public const uint InitMemUnmap = 11;

    /// <summary>The kernel's request kind of REMOTE_INVOKE (FASTRPC_RMID_INVOKE_DYNAMIC): the user's handle and method.</summary>
    public const uint InvokeDynamic = 0xFFFFFFFF;

    /// <summary>The user protection domain a created process runs in (QDA_USER_PD); the wire ctx is id &lt;&lt; 4 | pd.</summary>
    public const uint UserPd = 1;

    /// <summary>FASTRPC_INIT_FILELEN_MAX and the size of the init memory: 4 MiB.</summary>
    public const ulong InitFileLengthMax = 4UL << 20;
}
