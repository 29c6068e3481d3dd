namespace AccelInterop.Simulation.Qda;

/// <summary>
/// One QDA device: its DSP domain (the device tree's <c>label</c>: "adsp", "cdsp", "cdsp1", "gdsp0",
/// "gdsp1") and its compute context banks (the <c>qcom,fastrpc-compute-cb</c> children, each an
/// IOMMU stream; none means the device has no memory manager and GEM_CREATE answers -ENODEV).
/// </summary>
public sealed record QdaOptions
{
    public string Domain { get; init; } = "cdsp";

    /// <summary>How many context banks the DSP has (stream ids <see cref="FirstStreamId"/>, +1, ...).</summary>
    public int ContextBanks { get; init; } = 4;

    /// <summary>The stream id of the first context bank (the <c>reg</c> of the first CB node).</summary>
    public uint FirstStreamId { get; init; } = 1;

    /// <summary>The largest buffer the simulation backs (the kernel's DMA allocation fails beyond the memory it has).</summary>
    public ulong MaxBufferSize { get; init; } = 256UL << 20;
}
