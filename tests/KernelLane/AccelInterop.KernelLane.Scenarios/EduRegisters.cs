namespace AccelInterop.KernelLane;

/// <summary>QEMU's edu device (QEMU docs/specs/edu.rst): BAR0 register offsets and bits the VFIO scenario drives.</summary>
internal static class EduRegisters
{
    public const nuint Identification = 0x00, Liveness = 0x04, Factorial = 0x08, Status = 0x20;
    public const nuint InterruptStatus = 0x24, InterruptRaise = 0x60, InterruptAcknowledge = 0x64;
    public const nuint DmaSource = 0x80, DmaDestination = 0x88, DmaCount = 0x90, DmaCommand = 0x98;
    public const uint StatusComputing = 0x01;
    public const ulong DmaRun = 0x1, DmaToMemory = 0x2, DmaInterrupt = 0x4;

    /// <summary>The device's own DMA buffer, as a bus address inside the device.</summary>
    public const ulong DmaBuffer = 0x40000;
}
