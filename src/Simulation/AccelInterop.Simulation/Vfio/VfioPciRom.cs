using System.Numerics;
using AccelInterop.Simulation.Vfio.Pci;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// The expansion ROM as the PCI core sees it (<c>drivers/pci/rom.c</c>): the ROM BAR's window is the
/// model's image rounded up to a power of two; <c>pci_map_rom</c> accepts it only when the first
/// image is valid, and <c>pci_get_rom_size</c> walks the chained images to find how much of the
/// window holds ROM. vfio-pci reports the window (GET_REGION_INFO), reads only that much of it
/// and fills the rest with all ones (<c>vfio_pci_bar_rw</c>).
/// </summary>
internal static class VfioPciRom
{
    /// <summary>The image signature 0x55 0xaa, the "PCIR" data structure signature, and the image length unit.</summary>
    private const ushort ImageSignature = 0xaa55;
    private const uint DataStructureSignature = 0x52494350;
    private const int ImageLengthUnit = 512;

    /// <summary>Where an image header points at its data structure, and the fields of that structure.</summary>
    private const int DataStructurePointer = 0x18, HeaderSize = 0x1a;
    private const int DataStructureLength = 0x0a, ImageLength = 0x10, LastImageIndicator = 0x15;

    /// <summary>The length of the function's ROM BAR (0: no ROM).</summary>
    public static ulong WindowLength(IPciDevice device)
    {
        int length = device.ExpansionRom.Length;
        return length == 0 ? 0 : BitOperations.RoundUpToPowerOf2((ulong)length);
    }

    /// <summary>
    /// pci_map_rom with pci_get_rom_size: the bytes of the window that hold ROM images, 0 when the first
    /// image is not valid (the ROM cannot be mapped). The walk stops at an invalid header, at an image
    /// marked last, at a zero length, or at the window's end, and never answers more than the window.
    /// </summary>
    public static ulong ImageSize(IPciDevice device)
    {
        ReadOnlySpan<byte> rom = device.ExpansionRom.Span;
        ulong window = WindowLength(device);
        ulong image = 0;
        while (true)
        {
            if (!IsHeaderValid(rom, window, image, out ulong dataStructure))
            {
                break;
            }

            bool last = (Byte(rom, dataStructure + LastImageIndicator) & 0x80) != 0;
            uint length = Word(rom, dataStructure + ImageLength);
            image += (ulong)length * ImageLengthUnit;
            if (image >= window || last || length == 0)
            {
                break;
            }
        }

        return Math.Min(image, window);
    }

    /// <summary>A byte of the ROM window: past the model's image the window reads 0.</summary>
    public static byte Byte(ReadOnlySpan<byte> rom, ulong at) => at < (ulong)rom.Length ? rom[(int)at] : (byte)0;

    // pci_rom_is_header_valid and pci_rom_is_data_struct_valid: the signatures, with every field inside the window.
    private static bool IsHeaderValid(ReadOnlySpan<byte> rom, ulong window, ulong image, out ulong dataStructure)
    {
        dataStructure = 0;
        if (image + HeaderSize > window || Word(rom, image) != ImageSignature)
        {
            return false;
        }

        dataStructure = image + Word(rom, image + DataStructurePointer);
        if (dataStructure % 4 != 0 || dataStructure + DataStructureLength + 2 > window)
        {
            return false;
        }

        uint length = Word(rom, dataStructure + DataStructureLength);
        return length != 0 && length != ushort.MaxValue && dataStructure + length <= window &&
            (uint)(Word(rom, dataStructure) | (Word(rom, dataStructure + 2) << 16)) == DataStructureSignature;
    }

    private static uint Word(ReadOnlySpan<byte> rom, ulong at) => (uint)(Byte(rom, at) | (Byte(rom, at + 1) << 8));
}
