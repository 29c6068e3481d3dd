using AccelInterop.Model;

namespace AccelInterop.Conformance.Layout;

/// <summary>What a fact states about a symbol.</summary>
public enum LayoutFactKind
{
    /// <summary><c>sizeof</c> of a record.</summary>
    Size,
    /// <summary><c>_Alignof</c> of a record.</summary>
    Align,
    /// <summary>Byte offset of a member (<c>__builtin_offsetof</c>).</summary>
    Offset,
    /// <summary>Bit offset of a bitfield from the start of the record (allocation order, as clang's layout reports it).</summary>
    BitOffset,
    /// <summary>Width of a bitfield.</summary>
    BitWidth,
    /// <summary>Value of an integer constant, an enumerator or an ioctl request.</summary>
    Value,
    /// <summary>C type of an integer constant, or the integer type of an enum.</summary>
    Type,
    /// <summary><c>_IOC_DIR</c> of a request against the target's <c>_IOC_NONE/_IOC_READ/_IOC_WRITE</c>.</summary>
    IoctlDirection,
    /// <summary><c>_IOC_TYPE</c> of a request.</summary>
    IoctlType,
    /// <summary><c>_IOC_NR</c> of a request.</summary>
    IoctlNumber,
    /// <summary><c>_IOC_SIZE</c> of a request.</summary>
    IoctlSize,
    /// <summary><c>sizeof</c> of the argument type named in the request macro, against the model's size field.</summary>
    IoctlArgumentSize,
    /// <summary>A fact about the target itself (pointer and long size, int64 alignment, byte order, an <c>_IOC_*</c> macro); the member names it.</summary>
    Target,
}

/// <summary>One checked statement of the model: "on this target, <see cref="Symbol"/>'s <see cref="Kind"/> is <see cref="ModelValue"/>".</summary>
/// <param name="Id">The number carried in the probe's assert message (<c>AI#Id</c>).</param>
/// <param name="Symbol">Record id, constant, enumerator, enum id or ioctl name, as in the model.</param>
/// <param name="Member">Member path (<c>a</c>, <c>a.b</c>) for offsets and bitfields; otherwise null.</param>
/// <param name="ModelValue">The model's value, as text (decimal numbers, C type spellings, direction names).</param>
public sealed record LayoutFact(int Id, LayoutFactKind Kind, string Symbol, string? Member, string ModelValue, SourceLocation? Location);

/// <summary>A fact the compiler disagrees with.</summary>
/// <param name="CompilerValue">What the compiler says, when it could be obtained; null otherwise.</param>
/// <param name="CompilerMessage">The compiler's own error when the fact could not even be evaluated (e.g. no such member).</param>
public sealed record LayoutFinding(string Target, string Symbol, string? Member, LayoutFactKind Kind, string ModelValue,
    string? CompilerValue, string? CompilerMessage, SourceLocation? Location)
{
    /// <summary>
    /// One line: <c>i386-linux-gnu: aipt_pair: Size: model 16, compiler 12 (aipt/aipt_uapi.h:9)</c>.
    /// </summary>
    public override string ToString()
    {
        var what = Member == null ? Symbol : Symbol + "." + Member;
        var compiler = CompilerValue ?? (CompilerMessage != null ? "error: " + CompilerMessage : "?");
        var where = Location == null ? "" : $" ({Location})";
        return $"{Target}: {what}: {Kind}: model {ModelValue}, compiler {compiler}{where}";
    }
}

/// <summary>How many facts of each kind a probe checked.</summary>
/// <param name="Records">Records checked (size and alignment each).</param>
/// <param name="Offsets">Member offsets.</param>
/// <param name="Bitfields">Bitfields (bit offset and width each).</param>
/// <param name="Constants">Integer constants (value and C type each).</param>
/// <param name="Enumerators">Enumerator values.</param>
/// <param name="EnumTypes">Enums whose integer type was checked.</param>
/// <param name="Ioctls">Ioctl requests (value, direction, type, number, size, argument size).</param>
/// <param name="Assertions">Individual compiler checks in total.</param>
/// <param name="TargetFacts">The model's facts about the target itself (sizes, byte order, ioctl layout).</param>
public sealed record LayoutCounts(int Records, int Offsets, int Bitfields, int Constants, int Enumerators, int EnumTypes, int Ioctls,
    int Assertions, int TargetFacts);

/// <summary>The outcome of <see cref="LayoutOracle.Verify"/> for one target.</summary>
public sealed class LayoutVerification
{
    internal LayoutVerification(string target, OracleCompiler compiler, LayoutCounts @checked, IReadOnlyList<LayoutFinding> findings,
        TimeSpan elapsed, int compilerRuns, string? probeDirectory)
    {
        Target = target;
        Compiler = compiler;
        Checked = @checked;
        Findings = findings;
        Elapsed = elapsed;
        CompilerRuns = compilerRuns;
        ProbeDirectory = probeDirectory;
    }

    public string Target { get; }
    public OracleCompiler Compiler { get; }
    public LayoutCounts Checked { get; }

    /// <summary>Disagreements, in probe order (records, then constants, enumerators, ioctls; bitfields last).</summary>
    public IReadOnlyList<LayoutFinding> Findings { get; }

    public bool IsClean => Findings.Count == 0;
    public TimeSpan Elapsed { get; }

    /// <summary>Compiler (and probe program) runs used: 1 for a clean clang check, more for value recovery or runtime bitfield probing.</summary>
    public int CompilerRuns { get; }

    /// <summary>Where the probe sources were kept (<see cref="LayoutProbeOptions.KeepProbeFiles"/>), else null.</summary>
    public string? ProbeDirectory { get; }

    public override string ToString() =>
        $"{Target} ({Compiler}): {Checked.Assertions} checks, {Findings.Count} finding(s)";
}

/// <summary>The probe could not be run at all (headers do not compile, compiler crashed, timeout).</summary>
public sealed class LayoutProbeException(string message) : Exception(message);
