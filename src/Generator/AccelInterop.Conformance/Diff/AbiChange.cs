using AccelInterop.Model;

namespace AccelInterop.Conformance.Diff;

/// <summary>
/// One ABI change: what kind, on which symbol (record id, enum, enumerator, constant or request)
/// and member, whether binaries built against the old headers keep working (<see cref="IsCompatible"/>),
/// and on which targets.
/// </summary>
public sealed record AbiChange(ChangeKind Kind, bool IsCompatible, string Symbol, string? Member, string Detail,
    SourceLocation? Location, IReadOnlyList<string> Targets)
{
    public string Format(IReadOnlyList<string> allTargets)
    {
        var where = Location == null ? "" : Location + ": ";
        var what = Member == null ? Symbol : $"{Symbol}.{Member}";
        return $"{where}{what}: {Detail} [{Rules.TargetList.Describe(Targets, allTargets)}]";
    }
}
