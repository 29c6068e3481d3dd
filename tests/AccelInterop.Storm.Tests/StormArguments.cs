using System.Runtime.InteropServices;

namespace AccelInterop.Storm.Tests;

/// <summary>Fills a request's argument in user memory, member by member, from a call's seeded choices.</summary>
internal static class StormArguments
{
    /// <summary>The longest wait a storm call asks for; every call must return within it plus <see cref="StormRunner.Slack"/>.</summary>
    public const long MaxTimeoutNanoseconds = 20_000_000;

    private static readonly ulong[] Sizes = [1, 8, 64, 4096, 8192, 16384, 65536, 1 << 20];

    private static readonly ulong[] HostileSizes =
        [4095, 64 << 20, 1UL << 40, 0xFFFF_F000, 0xFFFF_FFFF, 0x8000_0000, ulong.MaxValue, ulong.MaxValue - 4095, 0x2000_0000, 0x1000_0000];

    /// <summary>
    /// Half of the calls are gentle (members mostly zero, handles from earlier results, sizes that fit,
    /// pointers into user memory) so that they get past the first checks and reach the driver's state;
    /// the other half are hostile (boundary numbers, wrapping sizes, pointers off the end or wild).
    /// </summary>
    public static void Fill(Span<byte> argument, StormRequest request, StormProcess process, Random random, long nowNanoseconds)
    {
        argument.Clear();
        bool gentle = random.Next(2) == 0;
        if (request.Size == 0 && argument.Length >= 8)
        {
            // _IO requests with an argsz header (VFIO): argsz, flags, then words the handler reads as it likes.
            MemoryMarshal.Write(argument, gentle ? (uint)random.Next(8, Math.Min(argument.Length, 128)) : (uint)Hostile(random));
            for (int at = 4; at + 4 <= argument.Length; at += 4)
            {
                MemoryMarshal.Write(argument[at..], random.Next(3) == 0 ? (uint)process.Recent((uint)random.Next()) : (uint)random.Next(0, 8));
            }

            return;
        }

        foreach (StormField field in request.Fields)
        {
            if (field.Offset + field.Width > argument.Length)
            {
                continue;
            }
            // Zero is what most members take on input (outputs, pads, "no flags"): without it hardly a call gets past its checks.
            if (random.Next(10) < (field.Kind == StormFieldKind.Pointer ? (gentle ? 4 : 1) : gentle ? 6 : 3))
            {
                continue;
            }

            ulong value = gentle ? Gentle(field, process, random, nowNanoseconds) : Hostile(field, process, random, nowNanoseconds);
            Write(argument.Slice(field.Offset, field.Width), value);
        }
    }

    private static ulong Gentle(StormField field, StormProcess process, Random random, long now) => field.Kind switch
    {
        StormFieldKind.Handle => process.Recent((uint)random.Next()),
        StormFieldKind.Size => Sizes[random.Next(Sizes.Length)],
        StormFieldKind.Pointer => process.Base + (ulong)(random.Next(StormProcess.ArenaSize / 8) * 8),
        StormFieldKind.Timeout => Timeout(field, random, now),
        StormFieldKind.Flags => Flags(field, random, hostile: false),
        StormFieldKind.MustBeZero => 0,
        StormFieldKind.Offset => process.Offset((uint)random.Next()),
        _ => random.Next(4) == 0 ? process.Recent((uint)random.Next()) : (ulong)random.Next(0, 8),
    };

    private static ulong Hostile(StormField field, StormProcess process, Random random, long now) => field.Kind switch
    {
        StormFieldKind.Handle => random.Next(10) switch { < 6 => process.Recent((uint)random.Next()), < 8 => (ulong)random.Next(0, 8), _ => Hostile(random) },
        StormFieldKind.Size => random.Next(10) switch { < 3 => Sizes[random.Next(Sizes.Length)], < 8 => HostileSizes[random.Next(HostileSizes.Length)], _ => Hostile(random) },
        StormFieldKind.Pointer => Pointer(process, random),
        StormFieldKind.Timeout => Timeout(field, random, now),
        StormFieldKind.Flags => Flags(field, random, hostile: true),
        StormFieldKind.MustBeZero => random.Next(10) == 0 ? Hostile(random) : 0,
        StormFieldKind.Offset => random.Next(10) switch { < 6 => process.Offset((uint)random.Next()), < 8 => 0, _ => Hostile(random) },
        _ => random.Next(10) switch { < 5 => (ulong)random.Next(0, 8), < 8 => process.Recent((uint)random.Next()), _ => Hostile(random) },
    };

    /// <summary>After a successful call: handles and ids it returned feed later calls, and so do mmap offsets.</summary>
    public static void Harvest(ReadOnlySpan<byte> argument, StormRequest request, StormProcess process)
    {
        foreach (StormField field in request.Fields)
        {
            if (field.Offset + field.Width > argument.Length)
            {
                continue;
            }

            ulong value = Read(argument.Slice(field.Offset, field.Width));
            if (value == 0)
            {
                continue;
            }

            if (field.Kind == StormFieldKind.Handle)
            {
                process.Remember(value);
            }
            else if (field.Kind == StormFieldKind.Offset)
            {
                process.RememberOffset(value);
            }
        }
    }

    public static ulong Hostile(Random random) => random.Next(8) switch
    {
        0 => ulong.MaxValue,
        1 => 0x8000_0000,
        2 => 0xFFFF_FFFF,
        3 => 1UL << 63,
        4 => ulong.MaxValue - 4095,
        5 => (ulong)random.NextInt64(),
        6 => 0x7FFF_FFFF,
        _ => (ulong)random.Next(16, 1 << 16),
    };

    private static ulong Pointer(StormProcess process, Random random) => random.Next(16) switch
    {
        < 9 => process.Base + (ulong)(random.Next(StormProcess.ArenaSize / 8) * 8),
        9 => process.GuardAddress - (ulong)random.Next(1, 64), // runs off the end of user memory
        10 => process.GuardAddress + (ulong)random.Next(StormProcess.GuardSize / 2), // real memory the process never registered
        11 => 0,
        12 => 0xDEAD_0000_0000,
        13 => ulong.MaxValue - 7,
        _ => Hostile(random),
    };

    private static ulong Timeout(StormField field, Random random, long nowNanoseconds)
    {
        long span = random.Next((int)(MaxTimeoutNanoseconds / 1000)) * 1000L;
        // Nanosecond deadlines of the DRM core are absolute CLOCK_MONOTONIC (drm_timeout_abs_to_jiffies); others count milliseconds.
        if (field.Name.Contains("nsec", StringComparison.Ordinal) || field.Name.Contains("deadline", StringComparison.Ordinal))
        {
            return random.Next(8) == 0 ? 0 : (ulong)(nowNanoseconds + span - 1_000_000);
        }

        return (ulong)(span / 1_000_000);
    }

    private static ulong Flags(StormField field, Random random, bool hostile)
    {
        if (field.FamilyBits.Length == 0)
        {
            return hostile ? (random.Next(4) == 0 ? Hostile(random) : (ulong)random.Next(0, 4)) : 0;
        }

        if (hostile && random.Next(4) == 0)
        {
            return Hostile(random);
        }

        ulong flags = 0;
        foreach (ulong bit in field.FamilyBits)
        {
            if (random.Next(3) == 0)
            {
                flags |= bit;
            }
        }

        return flags;
    }

    // Native byte order: the generated records are laid out as the running architecture's C compiler does.
    private static void Write(Span<byte> slot, ulong value)
    {
        switch (slot.Length)
        {
            case 1: slot[0] = (byte)value; break;
            case 2: MemoryMarshal.Write(slot, (ushort)value); break;
            case 4: MemoryMarshal.Write(slot, (uint)value); break;
            default: MemoryMarshal.Write(slot, value); break;
        }
    }

    private static ulong Read(ReadOnlySpan<byte> slot) => slot.Length switch
    {
        1 => slot[0],
        2 => MemoryMarshal.Read<ushort>(slot),
        4 => MemoryMarshal.Read<uint>(slot),
        _ => MemoryMarshal.Read<ulong>(slot),
    };
}
