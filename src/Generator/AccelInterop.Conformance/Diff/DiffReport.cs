namespace AccelInterop.Conformance.Diff;

/// <summary>The changes between two models, and abidiff's exit code for them.</summary>
public sealed class DiffReport(IReadOnlyList<string> targets, IReadOnlyList<AbiChange> changes)
{
    /// <summary>abidiff's bit for "the ABI changed".</summary>
    public const int AbiChange = 4;

    /// <summary>abidiff's bit for "the change is incompatible" (set together with <see cref="AbiChange"/>).</summary>
    public const int IncompatibleChange = 8;

    /// <summary>The targets compared (those both models have).</summary>
    public IReadOnlyList<string> Targets { get; } = targets;

    /// <summary>Incompatible changes first, then by file and line.</summary>
    public IReadOnlyList<AbiChange> Changes { get; } = changes;

    public IEnumerable<AbiChange> Incompatible => Changes.Where(c => !c.IsCompatible);
    public IEnumerable<AbiChange> Compatible => Changes.Where(c => c.IsCompatible);

    /// <summary>0: no ABI change; 4: compatible changes only; 12: some change is incompatible.</summary>
    public int ExitCode => Changes.Count == 0 ? 0 : Incompatible.Any() ? AbiChange | IncompatibleChange : AbiChange;
}
