namespace AccelInterop.Simulation.Qda;

/// <summary>A buffer as the DSP sees it: memory its SMMU translated an argument's address to.</summary>
public readonly unsafe struct DspBuffer(nint address, int length)
{
    public int Length { get; } = length;

    public Span<byte> Span => Length == 0 ? [] : new Span<byte>((void*)address, Length);
}

/// <summary>A handle argument as the DSP sees it: the forwarded dma-buf fd, its length and offset, and the DSP address the kernel resolved (0 when the fd was not a dma-buf).</summary>
public readonly record struct DspHandle(int Fd, uint Length, ulong Offset, ulong DmaAddress);

/// <summary>One remote call as a DSP method gets it: the session, the scalars, the buffers and the handles.</summary>
public sealed class DspCall
{
    internal DspCall(uint session, FastRpcScalars scalars, DspBuffer[] inBuffers, DspBuffer[] outBuffers, DspHandle[] inHandles)
    {
        Session = session;
        Scalars = scalars;
        In = inBuffers;
        Out = outBuffers;
        InHandles = inHandles;
    }

    public uint Session { get; }
    public FastRpcScalars Scalars { get; }
    public IReadOnlyList<DspBuffer> In { get; }
    public IReadOnlyList<DspBuffer> Out { get; }
    public IReadOnlyList<DspHandle> InHandles { get; }
}
