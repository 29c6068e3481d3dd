namespace AccelInterop.KernelLane;

/// <summary>The PCI configuration header facts the VFIO scenario touches (linux/pci_regs.h: PCI_COMMAND, PCI_COMMAND_MASTER).</summary>
internal static class PciConfig
{
    public const long Command = 0x04;
    public const ushort CommandMaster = 0x4;
}
