using System.Text;

namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// The synthetic translation unit parsed once per target: it includes the headers and then
/// asks the compiler itself for every macro's value and type, so constants are what the C
/// compiler computes for that target (no expression evaluator of our own).
/// </summary>
/// <remarks>
/// Three sections follow the includes:
/// <list type="number">
/// <item>values: <c>static const __typeof__((M)) __ai_v_M = (M);</c> for each candidate,
/// plus the target's own <c>_IOC_*</c> shift/width/direction macros for decoding requests;</item>
/// <item>argument types: <c>_IOC</c> is redefined to yield its size operand and
/// <c>_IOC_TYPECHECK(t)</c> to <c>t</c>, so a request macro expands to its argument type
/// in parentheses, however many wrapper macros sit in between; <c>void __ai_t_M M;</c>
/// then declares a function whose one parameter has exactly that type, typedef names
/// kept (<c>DRM_IOWR(0x40, struct drm_xe_device_query)</c> → <c>void f(struct drm_xe_device_query)</c>).
/// Requests without an argument (<c>_IO</c>) leave a plain <c>0</c>, which does not
/// declare anything: that error is expected and ignored.</item>
/// </list>
/// Every use is guarded by <c>#ifdef</c>, so macros that exist only on some targets are
/// simply absent there.
/// </remarks>
public sealed class EvaluationUnit
{
    public const string ValuePrefix = "__ai_v_";
    public const string ArgTypePrefix = "__ai_t_";
    public const string FileName = "accelinterop_scan.c";

    /// <summary>The asm-generic/ioctl.h macros every target defines, evaluated to decode requests.</summary>
    public static readonly IReadOnlyList<string> IoctlLayoutMacros =
    [
        "_IOC_NRSHIFT", "_IOC_TYPESHIFT", "_IOC_SIZESHIFT", "_IOC_DIRSHIFT",
        "_IOC_NRBITS", "_IOC_TYPEBITS", "_IOC_SIZEBITS", "_IOC_DIRBITS",
        "_IOC_NONE", "_IOC_READ", "_IOC_WRITE",
    ];

    public EvaluationUnit(IReadOnlyList<string> includeSpellings, IReadOnlyList<string> candidateMacros)
    {
        IncludeSpellings = includeSpellings;
        CandidateMacros = candidateMacros;
        Source = Build();
        FirstGeneratedLine = includeSpellings.Count + 2;
    }

    /// <summary>What goes between the include's brackets/quotes, e.g. <c>&lt;drm/xe_drm.h&gt;</c>.</summary>
    public IReadOnlyList<string> IncludeSpellings { get; }
    public IReadOnlyList<string> CandidateMacros { get; }
    public string Source { get; }

    /// <summary>Lines from here on are ours; compiler errors on them are about a macro, not the headers.</summary>
    public int FirstGeneratedLine { get; }

    private string Build()
    {
        var sb = new StringBuilder();
        foreach (var inc in IncludeSpellings) sb.Append("#include ").Append(inc).Append('\n');
        sb.Append("/* accelinterop: values */\n");
        foreach (var m in CandidateMacros.Concat(IoctlLayoutMacros).Distinct(StringComparer.Ordinal))
            sb.Append("#ifdef ").Append(m).Append('\n')
              .Append("static const __typeof__((").Append(m).Append(")) ").Append(ValuePrefix).Append(m)
              .Append(" = (").Append(m).Append(");\n#endif\n");
        sb.Append("/* accelinterop: request argument types */\n");
        sb.Append("#undef _IOC\n#define _IOC(dir, type, nr, size) size\n");
        sb.Append("#undef _IOC_TYPECHECK\n#define _IOC_TYPECHECK(t) t\n");
        foreach (var m in CandidateMacros)
            sb.Append("#ifdef ").Append(m).Append('\n')
              .Append("void ").Append(ArgTypePrefix).Append(m).Append(' ').Append(m).Append(";\n#endif\n");
        return sb.ToString();
    }
}
