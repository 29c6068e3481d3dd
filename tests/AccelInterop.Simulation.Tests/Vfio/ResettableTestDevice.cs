using AccelInterop.Simulation.Vfio.Pci;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>
/// A second PCI function model, made up for the tests: one 16 KiB BAR of plain registers and a
/// function reset that clears them. It plugs into vfio-pci through <see cref="IPciDevice"/> alone.
/// </summary>
internal sealed class ResettableTestDevice : IPciDevice
{
    public const ulong BarLength0 = 16 * 1024;
    private readonly ulong[] _registers = new ulong[BarLength0 / 8];

    public ResettableTestDevice()
    {
        Config.Write16(PciConfigSpace.VendorId, 0x1b36);
        Config.Write16(PciConfigSpace.DeviceId, 0x7777);
    }

    public string ModelName => "resettable";

    public PciConfigSpace Config { get; } = new();

    /// <summary>No expansion ROM.</summary>
    public ReadOnlyMemory<byte> ExpansionRom => ReadOnlyMemory<byte>.Empty;

    public bool HasFunctionReset => true;

    public int Resets { get; private set; }

    public ulong BarLength(int bar) => bar == 0 ? BarLength0 : 0;

    public ulong ReadRegister(int bar, ulong offset, int size) => bar == 0 && size == 8 && offset % 8 == 0 ? _registers[offset / 8] : ulong.MaxValue;

    public void WriteRegister(int bar, ulong offset, ulong value, int size)
    {
        if (bar == 0 && size == 8 && offset % 8 == 0)
        {
            _registers[offset / 8] = value;
        }
    }

    public bool Step() => false;

    public void Reset()
    {
        Resets++;
        Array.Clear(_registers);
    }

    public void Connect(IPciBus? bus)
    {
    }
}
