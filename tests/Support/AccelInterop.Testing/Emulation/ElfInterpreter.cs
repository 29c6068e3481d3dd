using System.Buffers.Binary;
using System.Text;

namespace AccelInterop.Testing.Emulation;

/// <summary>
/// Reads the program interpreter (PT_INTERP, e.g. <c>/lib/ld-linux-aarch64.so.1</c>) an ELF
/// executable asks for, so the C library qemu needs is found by what the binary names rather than
/// by a second table of architectures.
/// </summary>
internal static class ElfInterpreter
{
    private const uint PtInterp = 3;

    /// <returns>The interpreter path, or null for a static or non-ELF file.</returns>
    public static string? Of(string path)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            return null;
        }

        var is64 = elf[4] == 2;
        var bigEndian = elf[5] == 2;
        ulong Read(int offset, int size)
        {
            var bytes = elf.AsSpan(offset, size);
            return size switch
            {
                2 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes),
                4 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes),
                _ => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            };
        }

        // ELF header and program header fields (System V gABI): offsets differ between ELFCLASS32 and ELFCLASS64.
        var word = is64 ? 8 : 4;
        var programHeaders = (int)Read(is64 ? 0x20 : 0x1c, word);
        var entrySize = (int)Read(is64 ? 0x36 : 0x2a, 2);
        var count = (int)Read(is64 ? 0x38 : 0x2c, 2);
        for (var i = 0; i < count; i++)
        {
            var header = programHeaders + i * entrySize;
            if (Read(header, 4) != PtInterp)
            {
                continue;
            }

            var offset = (int)Read(header + (is64 ? 0x08 : 0x04), word);
            var size = (int)Read(header + (is64 ? 0x20 : 0x10), word);
            return Encoding.ASCII.GetString(elf, offset, size).TrimEnd('\0');
        }
        return null;
    }
}
