using System.Text;

namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// The synthetic translation unit parsed once per target: it includes the headers and then
/// asks the compiler itself for every macro's value and type, so constants are what the C
/// compiler computes for that target (no expression evaluator of our own).
/// </summary>
/// <remarks>
/// The preludes (<c>--include</c>) come first, then the primary headers. When those leave
/// <c>_IOC</c> undefined, <c>&lt;linux/ioctl.h&gt;</c> follows, as in a C program that includes
/// <c>&lt;sys/ioctl.h&gt;</c>: request macros expand where they are used, so headers that use
/// <c>_IOR</c>/<c>_IOW</c> without including it still give their numbers (a marker macro records
/// that it was needed). Then:
/// <list type="number">
/// <item>values: <c>static const __typeof__((M)) __ai_v_M = (M);</c> for each candidate,
/// plus the target's own <c>_IOC_*</c> shift/width/direction macros for decoding requests, and
/// the target facts the model records (pointer and long size, int64 alignment, byte order);</item>
/// <item>requests: <c>_IOC</c> is redefined to yield a pointer of a type of our own, and
/// <c>static const int __ai_r_M = __builtin_types_compatible_p(__typeof__((M)), that pointer type);</c>
/// says whether M's value is what <c>_IOC()</c> makes (however many wrapper macros sit in between,
/// also names made by token pasting). A value computed from a request (<c>_IOC_NR(X)</c>, <c>X | 1</c>)
/// is an integer constant, not a request;</item>
/// <item>directions: <c>_IOC</c> is redefined to yield its direction operand, so
/// <c>__ai_d_M</c> is the direction M was built with. An argument too big for the size field
/// spills into the direction bits, and the value alone may then fit several directions;</item>
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
    /// <summary>The start of every name the unit declares, unless a macro of the headers starts so too.</summary>
    public const string DefaultPrefix = "__ai_";
    public const string FileName = "accelinterop_scan.c";

    /// <summary>
    /// The start of the unit's own names: <see cref="DefaultPrefix"/>, with more leading underscores while
    /// a candidate macro starts with it (a macro named <c>__ai_v_X</c> would otherwise replace the
    /// declarator that asks for X's value).
    /// </summary>
    public string Prefix { get; }
    public string ValuePrefix => Prefix + "v_";
    public string ArgTypePrefix => Prefix + "t_";
    public string RequestPrefix => Prefix + "r_";
    public string DirectionPrefix => Prefix + "d_";

    /// <summary>Defined by the unit when it had to include <c>&lt;linux/ioctl.h&gt;</c> for the headers.</summary>
    public string CallerIoctlMarker => Prefix + "caller_ioctl";

    /// <summary>Where the caller's ioctl macros come from: what <c>&lt;sys/ioctl.h&gt;</c> includes.</summary>
    public const string CallerIoctlHeader = "linux/ioctl.h";

    /// <summary>Target facts evaluated like macros: the value name and its C expression.</summary>
    public static readonly IReadOnlyList<(string Name, string Expression)> AbiProbes =
    [
        ("__ai_abi_pointer_size", "sizeof(void *)"),
        ("__ai_abi_long_size", "sizeof(long)"),
        // The alignment a long long gets as a struct member (4 on i386, where _Alignof says 8 to some compilers).
        ("__ai_abi_int64_align", "__builtin_offsetof(struct __ai_abi_int64, v)"),
        ("__ai_abi_big_endian", "(__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)"),
    ];

    /// <summary>The asm-generic/ioctl.h macros every target defines, evaluated to decode requests.</summary>
    public static readonly IReadOnlyList<string> IoctlLayoutMacros =
    [
        "_IOC_NRSHIFT", "_IOC_TYPESHIFT", "_IOC_SIZESHIFT", "_IOC_DIRSHIFT",
        "_IOC_NRBITS", "_IOC_TYPEBITS", "_IOC_SIZEBITS", "_IOC_DIRBITS",
        "_IOC_NONE", "_IOC_READ", "_IOC_WRITE",
    ];

    /// <param name="includeSpellings">The preludes, then the primary headers, as they follow <c>#include</c>.</param>
    public EvaluationUnit(IReadOnlyList<string> includeSpellings, IReadOnlyList<string> candidateMacros)
    {
        IncludeSpellings = includeSpellings;
        CandidateMacros = candidateMacros;
        var prefix = DefaultPrefix;
        while (candidateMacros.Any(m => m.StartsWith(prefix, StringComparison.Ordinal)))
        {
            prefix = "_" + prefix;
        }

        Prefix = prefix;
        Source = Build();
        FirstGeneratedLine = includeSpellings.Count + 1;
    }

    /// <summary>What goes after <c>#include</c>, e.g. <c>&lt;drm/xe_drm.h&gt;</c>, preludes first.</summary>
    public IReadOnlyList<string> IncludeSpellings { get; }
    public IReadOnlyList<string> CandidateMacros { get; }
    public string Source { get; }

    /// <summary>A macro whose expansion would be longer is not evaluated (it would cost every scan seconds).</summary>
    public const long MaxExpansionTokens = 1 << 16;

    /// <summary>Macros of the headers left out of the questions because their expansion exceeds <see cref="MaxExpansionTokens"/>.</summary>
    public IReadOnlyList<string> Oversized { get; init; } = [];

    /// <summary>The line of each candidate's value question: a compiler error there (a literal it rejects) means no value.</summary>
    public IReadOnlyDictionary<int, string> ValueLines => _valueLines;

    private readonly Dictionary<int, string> _valueLines = new();

    /// <summary>Lines from here on are ours; compiler errors on them are about a macro (or the caller's ioctl.h), not the headers.</summary>
    public int FirstGeneratedLine { get; }

    private string Build()
    {
        var sb = new StringBuilder();
        foreach (var inc in IncludeSpellings)
        {
            sb.Append("#include ").Append(inc).Append('\n');
        }

        sb.Append("/* accelinterop: what a C program includes first (<sys/ioctl.h>) */\n");
        sb.Append("#ifndef _IOC\n#if __has_include(<").Append(CallerIoctlHeader).Append(">)\n")
          .Append("#include <").Append(CallerIoctlHeader).Append(">\n#define ").Append(CallerIoctlMarker).Append(" 1\n#endif\n#endif\n");
        sb.Append("/* accelinterop: values */\n");
        var lines = Lines(sb);
        foreach (var m in CandidateMacros.Concat(IoctlLayoutMacros).Distinct(StringComparer.Ordinal))
        {
            _valueLines[lines + 2] = m; // the line after this #ifdef
            sb.Append("#ifdef ").Append(m).Append('\n');
            sb.Append("static const __typeof__((").Append(m).Append(")) ").Append(ValuePrefix).Append(m)
              .Append(" = (").Append(m).Append(");\n#endif\n");
            lines += 3;
        }
        sb.Append("struct ").Append(Prefix).Append("abi_int64 { char c; long long v; };\n");
        foreach (var (name, expression) in AbiProbes)
        {
            var e = expression.Replace("struct __ai_abi_int64", "struct " + Prefix + "abi_int64");
            sb.Append("static const __typeof__(").Append(e).Append(") ").Append(ValuePrefix).Append(name)
              .Append(" = ").Append(e).Append(";\n");
        }
        sb.Append("/* accelinterop: which macros are requests */\n");
        sb.Append("#undef _IOC\n#define _IOC(dir, type, nr, size) ((struct ").Append(Prefix).Append("ioc_result *)0)\n");
        foreach (var m in CandidateMacros)
        {
            sb.Append("#ifdef ").Append(m).Append('\n')
              .Append("static const int ").Append(RequestPrefix).Append(m)
              .Append(" = __builtin_types_compatible_p(__typeof__((").Append(m).Append(")), struct ").Append(Prefix).Append("ioc_result *);\n#endif\n");
        }

        sb.Append("/* accelinterop: request directions */\n");
        sb.Append("#undef _IOC\n#define _IOC(dir, type, nr, size) (dir)\n");
        foreach (var m in CandidateMacros)
        {
            sb.Append("#ifdef ").Append(m).Append('\n')
              .Append("static const __typeof__((").Append(m).Append(")) ").Append(DirectionPrefix).Append(m)
              .Append(" = (").Append(m).Append(");\n#endif\n");
        }

        sb.Append("/* accelinterop: request argument types */\n");
        sb.Append("#undef _IOC\n#define _IOC(dir, type, nr, size) size\n");
        sb.Append("#undef _IOC_TYPECHECK\n#define _IOC_TYPECHECK(t) t\n");
        foreach (var m in CandidateMacros)
        {
            sb.Append("#ifdef ").Append(m).Append('\n')
              .Append("void ").Append(ArgTypePrefix).Append(m).Append(' ').Append(m).Append(";\n#endif\n");
        }

        return sb.ToString();
    }

    private static int Lines(StringBuilder sb)
    {
        var n = 0;
        for (var i = 0; i < sb.Length; i++)
        {
            if (sb[i] == '\n')
            {
                n++;
            }
        }

        return n;
    }
}
