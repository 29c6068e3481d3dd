using System;
using System.Collections.Generic;
using AccelInterop.Emitter.Facts;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.Plan;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Planning;

/// <summary>A member's doc lines and ABI facts, copied onto each member plan that binds it (fields, forwards).</summary>
internal sealed class MemberDescription
{
    public List<string> Doc { get; } = new List<string>();
    public MemberAbi Abi { get; } = new MemberAbi();

    /// <summary>A member plan of the given kind carrying a copy of this description.</summary>
    public MemberPlan Plan(MemberKind kind, string name, string type)
    {
        var m = new MemberPlan(kind, name, type) { Abi = Abi.Clone() };
        m.Doc.AddRange(Doc);
        return m;
    }
}

/// <summary>The doc comment and ABI facts of one bound member.</summary>
internal sealed class MemberFacts
{
    private readonly FlagFamilies _families;
    private readonly Func<FlagFamily, string> _flagEnumName;

    public MemberFacts(FlagFamilies families, Func<FlagFamily, string> flagEnumName)
    {
        _families = families;
        _flagEnumName = flagEnumName;
    }

    /// <param name="top">The named record the member is reached from (anonymous members belong to it).</param>
    public MemberDescription For(RecordDecl top, RecordDecl owner, FieldDecl f, CsType cs)
    {
        var name = f.Name ?? "";
        var d = new MemberDescription();
        d.Doc.Add($"<summary><c>{Xml(Spell(f.Type))} {name}</c> ({owner.Location.File}:{f.Line}).</summary>");
        var topName = NamedAncestor(top);
        if (AbiHeuristics.IsMustBeZero(name))
        {
            d.Abi.MustBeZero = true;
        }
        else if (cs.IsIntegral)
        {
            if (f.Type.Kind == TypeRefKind.Pointer || (IsAddressSized(cs) && AbiHeuristics.IsUserPointer(name)))
            {
                d.Abi.UserPointer = true;
            }
            // Kernel object ids are 32-bit; a pointer or long named "handle" (legacy drm_map) is not one.
            if (f.Type.Kind != TypeRefKind.Pointer && !cs.IsPointerSized && (cs.Name == "uint" || cs.Name == "int")
                && AbiHeuristics.HandleKind(name, topName) is string kind)
            {
                d.Abi.HandleKind = kind;
            }

            if (f.Type.Kind != TypeRefKind.Array && _families.ForMember(topName, name) is FlagFamily fam)
            {
                d.Abi.FlagEnum = _flagEnumName(fam);
            }
        }
        var typedef = Innermost(f.Type);
        if (typedef.Kind == TypeRefKind.Typedef && (typedef.Name!.StartsWith("__le") || typedef.Name.StartsWith("__be")))
        {
            d.Abi.CType = typedef.Name;
        }

        return d;
    }

    private string NamedAncestor(RecordDecl r) => r.Parent != null && r.IsAnonymous ? r.Parent.Split(':')[0] : r.Id;

    private static bool IsAddressSized(CsType cs) => cs.Name == "ulong" || cs.Name == "long" || cs.IsPointerSized;

    private static TypeRef Innermost(TypeRef t) => t.Kind == TypeRefKind.Array ? Innermost(t.Element!) : t;

    public static string Spell(TypeRef t)
    {
        switch (t.Kind)
        {
            case TypeRefKind.Record: return (t.Name!.Contains("::") ? "anonymous " : "struct ") + t.Name;
            case TypeRefKind.Enum: return "enum " + t.Name;
            case TypeRefKind.Array: return Spell(t.Element!) + "[" + (t.Length?.ToString() ?? "") + "]";
            case TypeRefKind.Pointer: return Spell(t.Element!) + " *";
            default: return t.Name ?? "?";
        }
    }

    public static string Xml(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
