using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Qda;

/// <summary>
/// An invocation context (<c>struct fastrpc_invoke_context</c>): the request kind, remote handle,
/// scalars and arguments, the payload buffer, the dma-bufs imported for arguments, and the
/// answer. Reference counted: the ioctl holds one reference and the message in flight another,
/// so a caller that gave up (a signal) leaves the context, and every buffer it holds, alive until
/// the DSP answered or the transport failed the message.
/// </summary>
internal sealed class FastRpcContext : KRef<FastRpcContext>
{
    /// <summary>Invocation contexts of every QDA device.</summary>
    public static readonly ObjectKind Contexts = new("qda invocation contexts");

    private int _completed;

    public FastRpcContext(ObjectCounter counter, uint type, QdaFile file, int pid)
        : base(counter)
    {
        Type = type;
        File = file;
        Pid = pid;
    }

    public uint Type { get; }
    public QdaFile File { get; }
    public int Pid { get; }

    /// <summary>The device-wide context id (xa_alloc, from 1).</summary>
    public uint Id { get; set; }

    /// <summary>The protection domain (USER_PD for process creation, 0 otherwise).</summary>
    public uint Pd { get; set; }

    /// <summary>The ctx value on the wire: id &lt;&lt; 4 | pd.</summary>
    public ulong WireContext => ((ulong)Id << 4) | Pd;

    public uint Handle { get; set; }
    public FastRpcScalars Scalars { get; set; }
    public FastRpcArgument[] Arguments { get; set; } = [];

    /// <summary>The objects imported for arguments (index by argument), each holding a reference until the context ends.</summary>
    public GemObject?[] Imported { get; set; } = [];

    /// <summary>The payload buffer the message points at.</summary>
    public QdaBo? Payload { get; set; }

    /// <summary>Offsets of the copied in/out buffers inside <see cref="Payload"/> (pv), by argument.</summary>
    public ulong[] InlineOffsets { get; set; } = [];

    /// <summary>The DSP's answer (retval), valid once <see cref="IsCompleted"/>.</summary>
    public int Result { get; private set; } = -1;

    public bool IsCompleted => Volatile.Read(ref _completed) == 1;

    /// <summary>complete(): the answer arrived (or the transport failed the message); true the first time.</summary>
    public bool Complete(int result)
    {
        if (Interlocked.CompareExchange(ref _completed, 2, 0) != 0)
        {
            return false;
        }

        Result = result;
        Volatile.Write(ref _completed, 1);
        return true;
    }

    // qda_fastrpc_context_free: the imported objects and the payload go with the context.
    protected override void Release()
    {
        foreach (GemObject? gem in Imported)
        {
            gem?.Put();
        }

        Imported = [];
        Payload?.Put();
        Payload = null;
    }
}
