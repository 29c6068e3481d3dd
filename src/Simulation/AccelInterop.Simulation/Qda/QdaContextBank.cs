using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Qda;

/// <summary>
/// One compute context bank (<c>qda_cb.c</c>): an IOMMU stream of the DSP with its own 32-bit
/// I/O address space. It is bound to one process while any file of that process holds it; the
/// addresses the DSP is given carry its stream id in bits 63:32.
/// </summary>
public sealed class QdaContextBank
{
    private const ulong FirstIova = 0x1000;
    private const ulong LastIova = 0xFFFF_FFFF;
    private readonly IovaSpace<QdaBo> _space = new(FirstIova, LastIova);

    internal QdaContextBank(int index, uint streamId)
    {
        Index = index;
        StreamId = streamId;
    }

    public int Index { get; }
    public uint StreamId { get; }

    /// <summary>The pid the bank is bound to, 0 while free.</summary>
    public int Pid { get; internal set; }

    /// <summary>Files of <see cref="Pid"/> that hold the bank.</summary>
    public int Users { get; internal set; }

    /// <summary>Buffers mapped into the bank's address space.</summary>
    public int MappedBuffers
    {
        get
        {
            lock (_space)
            {
                return _space.Count;
            }
        }
    }

    /// <summary>The DSP address of <paramref name="iova"/> in this bank.</summary>
    public ulong DmaAddress(ulong iova) => ((ulong)StreamId << 32) | iova;

    /// <summary>Maps <paramref name="bo"/> at the first free page-aligned range; its DSP address, or -ENOMEM when the space is full.</summary>
    internal long Map(QdaBo bo)
    {
        lock (_space)
        {
            long iova = _space.Allocate(bo.Size, Page.Size, bo);
            return iova < 0 ? iova : (long)DmaAddress((ulong)iova);
        }
    }

    internal void Unmap(ulong dmaAddress, QdaBo bo)
    {
        lock (_space)
        {
            _space.Remove(dmaAddress & LastIova, bo);
        }
    }

    /// <summary>The buffer mapped over [<paramref name="iova"/>, +<paramref name="length"/>) with a reference and the offset into it, or null (an SMMU fault).</summary>
    internal QdaBo? Translate(ulong iova, ulong length, out ulong offset)
    {
        lock (_space)
        {
            offset = 0;
            IovaMapping<QdaBo>? found = _space.Find(iova, Math.Max(length, 1));
            if (found is not { Value: QdaBo bo } mapping || !bo.TryGet())
            {
                return null;
            }

            offset = iova - mapping.Start + mapping.Offset;
            return bo;
        }
    }
}
