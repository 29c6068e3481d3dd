using System.Globalization;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// A PCI function's place, parsed from its name "DDDD:BB:DD.F" (segment, bus, device, function). A
/// name that is not one counts as the root bus.
/// </summary>
internal readonly record struct PciAddress(ushort Segment, byte Bus, byte Device, byte Function)
{
    /// <summary>PCI_DEVFN.</summary>
    public byte DevFn => (byte)((Device << 3) | Function);

    /// <summary>Bus 0: no bridge above it to reset it (pci_bus_reset needs bus->self).</summary>
    public bool IsRootBus => Bus == 0;

    public static PciAddress Parse(string name)
    {
        string[] parts = name.Split(' ')[0].Split(':', '.');
        return parts.Length == 4 &&
            ushort.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ushort segment) &&
            byte.TryParse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte bus) &&
            byte.TryParse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte device) && device < 32 &&
            byte.TryParse(parts[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte function) && function < 8
            ? new PciAddress(segment, bus, device, function)
            : default;
    }
}
