using System.Collections.Generic;
using System.Linq;
using AccelInterop.Model;
using AccelInterop.Model.Targets;

namespace AccelInterop.Emitter.Mapping;

/// <summary>
/// One target of the model as the emitter needs it: its slot in generated per-architecture
/// tables (from the target table) and the sizes .NET lays fields out with there (from what the
/// compiler evaluated, in the model). Knows no architecture itself.
/// </summary>
internal sealed class EmitterTarget
{
    private EmitterTarget(TargetAbi abi, int index)
    {
        Triple = abi.Triple;
        ArchitectureIndex = index;
        PointerSize = abi.PointerSize;
        LongSize = abi.LongSize;
        Int64Alignment = abi.Int64Align;
    }

    /// <summary>The .NET architecture names, in the order of generated per-architecture tables.</summary>
    public static IReadOnlyList<string> ArchitectureNames { get; } = LinuxTargets.All.Select(t => t.DotNetArchitecture).ToList();

    public string Triple { get; }

    /// <summary>Index into the per-architecture tables; -1 for a target no .NET architecture runs on.</summary>
    public int ArchitectureIndex { get; }
    public int PointerSize { get; }
    public int LongSize { get; }

    /// <summary>
    /// .NET's alignment for an 8-byte primitive field (long, ulong, double) on this target. The runtime
    /// aligns primitives as the platform's C ABI does, so it is the compiler's <c>long long</c>
    /// member alignment (4 on i386).
    /// </summary>
    public int Int64Alignment { get; }

    public static IReadOnlyList<EmitterTarget> ForAll(UapiModel model) =>
        model.TargetAbis.Select(abi => new EmitterTarget(abi, LinuxTargets.Find(abi.Triple)?.Index ?? -1)).ToList();
}
