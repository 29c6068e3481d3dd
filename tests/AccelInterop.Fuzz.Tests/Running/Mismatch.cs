using AccelInterop.Testing.CTruth;

namespace AccelInterop.Fuzz.Tests.Running;

/// <summary>Where a value came from that the compiler disagrees with.</summary>
public enum FuzzPath
{
    /// <summary><c>accelgen facts --header</c> run for one target.</summary>
    Facts,
    /// <summary><c>accelgen scan --target all</c>, then <c>accelgen facts --model</c> for one target.</summary>
    Merged,
    /// <summary>The generated C#: its layout tables (every target), and on the running architecture its compiled layout and values.</summary>
    CSharp,
    /// <summary>gcc against clang on the same target (never expected: a broken oracle).</summary>
    Oracle,
}

public enum MismatchKind
{
    Size,
    Align,
    Offset,
    Bitfield,
    Constant,
    Request,
    /// <summary>A record or member the compiler has and the path lacks (not announced as not bound).</summary>
    Missing,
    /// <summary>A record or member the path has and the compiler does not, on that target.</summary>
    Extra,
    /// <summary>An exception escaping accelgen, an unexpected exit code, a timeout, or generated code throwing.</summary>
    Crash,
    CSharpCompile,
    OracleDisagreement,
}

/// <summary>
/// One difference from the compilers. <see cref="Owner"/> is the record, constant or diagnostic it is
/// about; shrinking keeps a header as long as a mismatch with the same <see cref="Signature"/> remains.
/// </summary>
public sealed record Mismatch(FuzzPath Path, MismatchKind Kind, string Target, string Owner, string? Member, string Expected, string Actual)
{
    /// <summary>For C#: the table for <see cref="Target"/> or the compiled struct on the running architecture.</summary>
    public string? Aspect { get; init; }

    public string Signature => $"{Path}/{Kind}/{Target}/{Owner}";

    /// <summary>The row of the summary table: path (and C# aspect) and kind.</summary>
    public string Class => Path == FuzzPath.CSharp && Aspect != null ? $"{Path} {Aspect} {Kind}" : $"{Path} {Kind}";

    public override string ToString() =>
        $"[{Path}{(Aspect != null ? " " + Aspect : "")}] {Kind} on {Target}: {Owner}{(Member != null ? "." + Member : "")}: compiler {Expected}, got {Actual}";

    /// <summary>A facts difference as a mismatch of <paramref name="path"/>; constants that are requests count as requests.</summary>
    public static Mismatch From(FuzzPath path, string target, FactsDifference d, ISet<string> requests)
    {
        var kind = d.Kind switch
        {
            DiffKind.Size => MismatchKind.Size,
            DiffKind.Align => MismatchKind.Align,
            DiffKind.Offset => MismatchKind.Offset,
            DiffKind.Bitfield => MismatchKind.Bitfield,
            _ when d.IsConstant => requests.Contains(d.Owner) ? MismatchKind.Request : MismatchKind.Constant,
            DiffKind.Missing => MismatchKind.Missing,
            _ => MismatchKind.Extra,
        };
        return new Mismatch(path, kind, target, d.Owner, d.Member, d.Expected, d.Actual);
    }
}
