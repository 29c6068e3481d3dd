namespace AccelInterop.Simulation.Qda;

/// <summary>
/// The FastRPC scalars word of an invocation (<c>qda_fastrpc.h</c>, the same layout as
/// <c>drivers/misc/fastrpc.c</c>'s REMOTE_SCALARS_*): bits 31:29 attributes, 28:24 method,
/// 23:16 in-buffers, 15:8 out-buffers, 7:4 in-handles, 3:0 out-handles. User space builds it;
/// the kernel reads the counts; the DSP dispatches on the method.
/// </summary>
public readonly record struct FastRpcScalars(uint Value)
{
    /// <summary>The word for the given fields, each masked to its width.</summary>
    public static FastRpcScalars Build(uint method, uint inBuffers, uint outBuffers, uint inHandles = 0, uint outHandles = 0, uint attributes = 0) =>
        new(((attributes & 0x7) << 29) | ((method & 0x1f) << 24) | ((inBuffers & 0xff) << 16) |
            ((outBuffers & 0xff) << 8) | ((inHandles & 0x0f) << 4) | (outHandles & 0x0f));

    public uint Attributes => (Value >> 29) & 0x7;
    public uint Method => (Value >> 24) & 0x1f;
    public int InBuffers => (int)((Value >> 16) & 0xff);
    public int OutBuffers => (int)((Value >> 8) & 0xff);
    public int InHandles => (int)((Value >> 4) & 0x0f);
    public int OutHandles => (int)(Value & 0x0f);

    /// <summary>In- and out-buffers (the kernel's nbufs).</summary>
    public int Buffers => InBuffers + OutBuffers;

    /// <summary>REMOTE_SCALARS_LENGTH: the argument descriptors the invocation carries.</summary>
    public int Length => Buffers + InHandles + OutHandles;

    public override string ToString() =>
        $"sc 0x{Value:x8} (method {Method}, in {InBuffers}, out {OutBuffers}, in-handles {InHandles}, out-handles {OutHandles}, attr {Attributes})";
}
