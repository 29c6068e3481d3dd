using AccelInterop.Simulation.Drm;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Qda;

/// <summary>
/// A QDA buffer (<c>struct qda_gem_obj</c>): DMA memory mapped into one context bank, whose DSP
/// address (<see cref="DmaAddress"/>) carries the bank's stream id in bits 63:32. An imported
/// dma-buf is the same kind of object over the exporter's pages (its first segment's IOVA).
/// </summary>
public sealed class QdaBo : GemObject
{
    internal QdaBo(DrmDevice device, ulong size, bool backing = true)
        : base(device, size, backing)
    {
    }

    /// <summary>The context bank the buffer is mapped in (null until mapped).</summary>
    public QdaContextBank? ContextBank { get; private set; }

    /// <summary>The address the DSP uses (stream id in bits 63:32, the IOVA below).</summary>
    public ulong DmaAddress { get; private set; }

    /// <summary>Maps the buffer into <paramref name="bank"/>; 0 or -ENOMEM (the bank's address space is full).</summary>
    internal int MapInto(QdaContextBank bank)
    {
        long address = bank.Map(this);
        if (address < 0)
        {
            return -ENOMEM;
        }

        ContextBank = bank;
        DmaAddress = (ulong)address;
        return 0;
    }

    protected override void OnFree()
    {
        ContextBank?.Unmap(DmaAddress, this);
        ContextBank = null;
        base.OnFree();
    }
}
