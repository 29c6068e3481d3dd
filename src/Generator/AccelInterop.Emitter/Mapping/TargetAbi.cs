using System;
using System.Collections.Generic;

namespace AccelInterop.Emitter.Mapping
{
    /// <summary>
    /// What the emitter needs to know about a target triple: which .NET process architecture
    /// runs there (its index in the runtime's <c>IoctlArchitecture.Order</c>), the pointer
    /// size, and how .NET aligns 8-byte primitives (4 on i386, as the System V i386 ABI does).
    /// </summary>
    internal sealed class TargetAbi
    {
        // Same order as AccelInterop.Runtime.Ioctl.IoctlArchitecture.Order.
        public static readonly string[] ArchitectureNames =
            { "X64", "X86", "Arm64", "Arm", "Ppc64le", "S390x", "RiscV64", "LoongArch64" };

        private static readonly (string Prefix, int Index, int Pointer, bool BigEndian)[] Known =
        {
            ("x86_64-", 0, 8, false), ("i386-", 1, 4, false), ("i686-", 1, 4, false), ("aarch64-", 2, 8, false),
            ("arm-", 3, 4, false), ("armv7", 3, 4, false), ("powerpc64le-", 4, 8, false), ("s390x-", 5, 8, true),
            ("riscv64-", 6, 8, false), ("loongarch64-", 7, 8, false),
        };

        private TargetAbi(string triple, int index, int pointerSize, bool bigEndian)
        {
            Triple = triple;
            ArchitectureIndex = index;
            PointerSize = pointerSize;
            IsBigEndian = bigEndian;
        }

        public string Triple { get; }

        /// <summary>Index into the per-architecture tables; -1 for a target no .NET architecture runs on.</summary>
        public int ArchitectureIndex { get; }
        public int PointerSize { get; }
        public bool IsBigEndian { get; }

        /// <summary>.NET's alignment for an 8-byte primitive field (long, ulong, double) on this target.</summary>
        public int Int64Alignment => ArchitectureIndex == 1 ? 4 : 8;

        public static TargetAbi For(string triple)
        {
            foreach (var k in Known)
                if (triple.StartsWith(k.Prefix, StringComparison.Ordinal))
                    return new TargetAbi(triple, k.Index, k.Pointer, k.BigEndian);
            // A target .NET does not run on: still described (64-bit assumed unless the triple says 32).
            var is32 = triple.Contains("32") || triple.StartsWith("mips-", StringComparison.Ordinal);
            return new TargetAbi(triple, -1, is32 ? 4 : 8, false);
        }

        public static IReadOnlyList<TargetAbi> ForAll(IEnumerable<string> triples)
        {
            var list = new List<TargetAbi>();
            foreach (var t in triples) list.Add(For(t));
            return list;
        }
    }
}
