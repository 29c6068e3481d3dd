using System.Globalization;
using System.Numerics;
using AccelInterop.Model;

namespace AccelInterop.Conformance.Layout;

/// <summary>How model things are written in C source.</summary>
internal static class CSpelling
{
    /// <summary><c>struct TAG</c> / <c>union TAG</c>, or the typedef name when there is no tag; null for anonymous records.</summary>
    public static string? Record(RecordDecl record)
    {
        if (record.Tag != null)
        {
            return (record.Kind == RecordKind.Union ? "union " : "struct ") + record.Tag;
        }

        return record.TypedefName;
    }

    public static string? Enum(EnumDecl e) => e.Tag != null ? "enum " + e.Tag : e.TypedefName;

    /// <summary>An abstract type name usable in <c>sizeof(...)</c>; null when the type cannot be named (anonymous records).</summary>
    public static string? TypeName(UapiModel model, TypeRef type) => Declare(model, type, "");

    private static string? Declare(UapiModel model, TypeRef type, string declarator)
    {
        switch (type.Kind)
        {
            case TypeRefKind.Array:
                {
                    var inner = declarator.StartsWith('*') ? "(" + declarator + ")" : declarator;
                    var length = type.Length is { } n ? n.ToString(CultureInfo.InvariantCulture) : "";
                    return type.Element == null ? null : Declare(model, type.Element, inner + "[" + length + "]");
                }
            case TypeRefKind.Pointer:
                return type.Element == null ? null : Declare(model, type.Element, "*" + declarator);
            case TypeRefKind.Record:
                return model.FindRecord(type.Name!) is { } r && Record(r) is { } rs ? Join(rs, declarator) : null;
            case TypeRefKind.Enum:
                return model.FindEnum(type.Name!) is { } e && Enum(e) is { } es ? Join(es, declarator) : null;
            default:
                return type.Name == null ? null : Join(type.Name, declarator);
        }
    }

    private static string Join(string specifier, string declarator) =>
        declarator.Length == 0 ? specifier : specifier + " " + declarator;

    /// <summary>A C integer literal of exactly this value (64-bit range).</summary>
    public static string Literal(BigInteger value)
    {
        if (value.Sign >= 0)
        {
            return value.ToString(CultureInfo.InvariantCulture) + "ULL";
        }

        if (value == long.MinValue)
        {
            return "(-9223372036854775807LL - 1)";
        }

        return "(" + value.ToString(CultureInfo.InvariantCulture) + "LL)";
    }

    /// <summary>
    /// True exactly when <paramref name="expr"/> has <paramref name="value"/>, sign included
    /// (a plain <c>==</c> would let <c>-1</c> pass for <c>0xffffffffffffffff</c> after conversion).
    /// </summary>
    public static string ValueEquals(string expr, BigInteger value) => value.Sign >= 0
        ? $"(({expr}) == {Literal(value)} && !(({expr}) < 0))"
        : $"(({expr}) == {Literal(value)} && ({expr}) < 0)";

    /// <summary>Builtin integer types the probe can name when it reports a type back, by <c>_Generic</c> index.</summary>
    public static readonly string[] IntegerTypes =
    [
        "(not a builtin integer type)", "char", "signed char", "unsigned char", "short", "unsigned short", "int", "unsigned int",
        "long", "unsigned long", "long long", "unsigned long long", "_Bool", "__int128", "unsigned __int128",
    ];

    /// <summary>Defines <c>__AI_TYPE_INDEX(x)</c>: the index of x's type in <see cref="IntegerTypes"/>.</summary>
    public const string TypeIndexMacro =
        "#ifdef __SIZEOF_INT128__\n" +
        "#define __AI_INT128_CASES __int128: 13, unsigned __int128: 14,\n" +
        "#else\n" +
        "#define __AI_INT128_CASES\n" +
        "#endif\n" +
        "#define __AI_TYPE_INDEX(x) _Generic((x), __AI_INT128_CASES char: 1, signed char: 2, unsigned char: 3, short: 4, " +
        "unsigned short: 5, int: 6, unsigned int: 7, long: 8, unsigned long: 9, long long: 10, unsigned long long: 11, " +
        "_Bool: 12, default: 0)\n";

    /// <summary>The C expression of a model direction in the target's own <c>_IOC_*</c> macros.</summary>
    public static string Direction(IoctlDirection direction) => direction switch
    {
        IoctlDirection.None => "_IOC_NONE",
        IoctlDirection.Write => "_IOC_WRITE",
        IoctlDirection.Read => "_IOC_READ",
        IoctlDirection.ReadWrite => "(_IOC_READ | _IOC_WRITE)",
        _ => throw new ArgumentOutOfRangeException(nameof(direction)),
    };

    /// <summary>A fragment safe inside a C string literal.</summary>
    public static string StringContent(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c is '"' or '\\' || c < ' ' || c > '~' ? '_' : c);
        }

        return sb.ToString();
    }
}
