using System;
using System.Collections.Generic;
using AccelInterop.Emitter.Facts;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.View;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Planning
{
    /// <summary>The doc comment and ABI-fact attributes of one bound member.</summary>
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
        public MemberView For(RecordDecl top, RecordDecl owner, FieldDecl f, CsType cs)
        {
            var name = f.Name ?? "";
            var view = new MemberView();
            view.Doc.Add($"<summary><c>{Xml(Spell(f.Type))} {name}</c> ({owner.Location.File}:{f.Line}).</summary>");
            var topName = NamedAncestor(top);
            if (AbiHeuristics.IsMustBeZero(name)) view.Attributes.Add("MustBeZero");
            else if (cs.IsIntegral)
            {
                if (f.Type.Kind == TypeRefKind.Pointer || (IsAddressSized(cs) && AbiHeuristics.IsUserPointer(name)))
                    view.Attributes.Add("UserPointer");
                // Kernel object ids are 32-bit; a pointer or long named "handle" (legacy drm_map) is not one.
                if (f.Type.Kind != TypeRefKind.Pointer && !cs.IsPointerSized && (cs.Name == "uint" || cs.Name == "int")
                    && AbiHeuristics.HandleKind(name, topName) is string kind)
                    view.Attributes.Add($"Handle(HandleKind.{kind})");
                if (f.Type.Kind != TypeRefKind.Array && _families.ForMember(topName, name) is FlagFamily fam)
                    view.Attributes.Add($"FlagFamily(typeof({_flagEnumName(fam)}))");
            }
            var typedef = Innermost(f.Type);
            if (typedef.Kind == TypeRefKind.Typedef && (typedef.Name!.StartsWith("__le") || typedef.Name.StartsWith("__be")))
                view.Attributes.Add($"CType(\"{typedef.Name}\")");
            return view;
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
}
