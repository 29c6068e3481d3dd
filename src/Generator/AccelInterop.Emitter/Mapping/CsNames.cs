using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AccelInterop.Emitter.Mapping;

/// <summary>C names kept as C# identifiers: keywords get '@', record ids of anonymous records lose '::'.</summary>
internal static class CsNames
{
    private static readonly HashSet<string> Keywords = new HashSet<string>
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit",
        "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int",
        "interface", "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out",
        "override", "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed",
        "short", "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try",
        "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    public static string Identifier(string cName) => Keywords.Contains(cName) ? "@" + cName : cName;

    /// <summary>A member's identifier in a type: C allows a member named like its struct (video/sisfb.h sisfb_cmd), C# does not (CS0542).</summary>
    public static string Member(string cName, string enclosingType) =>
        Identifier(cName) is var id && (id == enclosingType || id == SizeOfMethod) ? id + "_" : id;

    /// <summary>The static method records with a flexible array member get; a C member of that name steps aside.</summary>
    public const string SizeOfMethod = "SizeOf";

    /// <summary>
    /// The C# type of every record of a model, one name each: tags and typedef names keep theirs; names the
    /// emitter makes up (<c>drm_foo::anon0</c> → <c>drm_foo__anon0</c>) take a trailing <c>_</c> while a C
    /// name or another made-up name already has them (a C tag <c>drm_foo__anon0</c> is legal C).
    /// </summary>
    public static Dictionary<string, string> RecordTypes(IEnumerable<string> recordIds)
    {
        var ids = recordIds.OrderBy(i => i, StringComparer.Ordinal).ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids.Where(i => RecordType(i) == Identifier(i))) { result[id] = RecordType(id); taken.Add(result[id]); }
        foreach (var id in ids.Where(i => !result.ContainsKey(i)))
        {
            var name = RecordType(id);
            while (!taken.Add(name))
            {
                name += "_";
            }

            result[id] = name;
        }
        return result;
    }

    /// <summary>
    /// <c>drm_foo::anon0</c> → <c>drm_foo__anon0</c>, <c>anon@linux/x.h:250</c> → <c>anon_linux_x_h_250</c>;
    /// tags and typedef names stay as they are.
    /// </summary>
    public static string RecordType(string recordId)
    {
        var sb = new StringBuilder(recordId.Replace("::", "__"));
        for (var i = 0; i < sb.Length; i++)
        {
            if (!char.IsLetterOrDigit(sb[i]) && sb[i] != '_')
            {
                sb[i] = '_';
            }
        }

        return Identifier(sb.ToString());
    }

    /// <summary>A dotted namespace with C# keywords escaped (<c>L.const</c> → <c>L.@const</c>).</summary>
    public static string Namespace(string dotted) => string.Join(".", dotted.Split('.').Select(Identifier));

    /// <summary><c>amdxdna</c> → <c>Amdxdna</c>, <c>my_uapi-x</c> → <c>MyUapiX</c>.</summary>
    public static string Pascal(string name)
    {
        var sb = new StringBuilder();
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c)) { upper = true; continue; }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (sb.Length == 0 || char.IsDigit(sb[0]))
        {
            sb.Insert(0, 'U');
        }

        return sb.ToString();
    }
}
