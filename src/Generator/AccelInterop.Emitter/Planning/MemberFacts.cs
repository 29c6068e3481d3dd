using System;
using System.Collections.Generic;
using AccelInterop.Emitter.Facts;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.Plan;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;

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

/// <summary>
/// The doc comment and ABI facts of one bound member. ABI facts come from the uAPI's reviewed
/// annotation file only (docs/annotations.md); a C pointer member is a user pointer by its type.
/// </summary>
internal sealed class MemberFacts
{
    private readonly AbiFacts _facts;
    private readonly FlagFamilies _families;
    private readonly Func<FlagFamily, string> _flagEnumName;

    public MemberFacts(AbiFacts facts, FlagFamilies families, Func<FlagFamily, string> flagEnumName)
    {
        _facts = facts;
        _families = families;
        _flagEnumName = flagEnumName;
    }

    /// <param name="top">The named record the member is reached from (anonymous members belong to it).</param>
    public MemberDescription For(RecordDecl top, RecordDecl owner, FieldDecl f, CsType cs)
    {
        var name = f.Name ?? "";
        var d = new MemberDescription();
        d.Doc.Add($"<summary><c>{Xml(Spell(f.Type))} {name}</c> ({owner.Location.File}:{f.Line}).</summary>");
        var fact = _facts.For(AbiFacts.NamedAncestor(top), name);
        d.Abi.UserPointer = f.Type.Kind == TypeRefKind.Pointer || fact?.IsUserPointer == true;
        switch (fact?.Kind)
        {
            case AbiFactKind.Zero:
                d.Abi.MustBeZero = true;
                break;
            case AbiFactKind.Pointer:
            case AbiFactKind.Extensions:
                d.Abi.PointsTo = fact.To;
                d.Abi.CountMember = fact.Count;
                break;
            case AbiFactKind.Handle:
                d.Abi.HandleKind = fact.Of;
                break;
            case AbiFactKind.FileDescriptor:
                d.Abi.FileDescriptorKind = fact.Of;
                break;
            case AbiFactKind.Flags:
                d.Abi.FlagEnum = _flagEnumName(_families.Annotated(fact));
                break;
        }
        var typedef = Innermost(f.Type);
        if (typedef.Kind == TypeRefKind.Typedef && (typedef.Name!.StartsWith("__le") || typedef.Name.StartsWith("__be")))
        {
            d.Abi.CType = typedef.Name;
        }

        return d;
    }

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
