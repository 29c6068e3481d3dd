using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Qda;

/// <summary>
/// A user process on the simulated DSP (one per remote session): its name, image, attributes, the
/// init memory the kernel gave it, and its own virtual address space, in which the DSP places
/// every remote map.
/// </summary>
public sealed class DspProcess
{
    /// <summary>Where the DSP places remote maps (a 32-bit DSP: above its own text, below 4 GiB).</summary>
    public const ulong FirstMapAddress = 0x2000_0000, LastMapAddress = 0xFFFF_FFFF;

    internal DspProcess(uint session, string name, uint attributes, ulong imageLength, ulong initMemory)
    {
        Session = session;
        Name = name;
        Attributes = attributes;
        ImageLength = imageLength;
        InitMemory = initMemory;
    }

    public uint Session { get; }
    public string Name { get; }
    public uint Attributes { get; }
    public ulong ImageLength { get; }

    /// <summary>The DSP address of the init memory page descriptor.</summary>
    public ulong InitMemory { get; }

    /// <summary>The remote maps: DSP virtual address → what was mapped.</summary>
    internal IovaSpace<DspMapping> Maps { get; } = new(FirstMapAddress, LastMapAddress);

    public int MapCount => Maps.Count;
}

/// <summary>One remote map: the buffer's DSP address, the fd the map named (ATTR requests), its flags.</summary>
internal sealed record DspMapping(ulong DmaAddress, int Fd, uint Flags);
