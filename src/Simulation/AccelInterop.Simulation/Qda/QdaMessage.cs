namespace AccelInterop.Simulation.Qda;

/// <summary>
/// A request on the RPMsg channel (<c>struct fastrpc_msg</c> inside <c>qda_msg</c>): the session
/// (0 for the process-control handle), the caller's thread, the wire ctx, the remote handle and
/// scalars, and the DSP address and size of the payload. It holds the in-flight reference of
/// its context until it is answered or failed.
/// </summary>
internal sealed class QdaMessage(FastRpcContext context, uint session, int tid, uint handle, FastRpcScalars scalars, ulong address, ulong size)
{
    public FastRpcContext Context { get; } = context;
    public uint Session { get; } = session;
    public int Tid { get; } = tid;
    public ulong WireContext { get; } = context.WireContext;
    public uint Handle { get; } = handle;
    public FastRpcScalars Scalars { get; } = scalars;
    public ulong Address { get; } = address;
    public ulong Size { get; } = size;
}
