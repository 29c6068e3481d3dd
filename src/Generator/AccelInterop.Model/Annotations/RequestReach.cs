using System;
using System.Collections.Generic;
using System.Linq;

namespace AccelInterop.Model.Annotations;

/// <summary>A member of a named record (anonymous records' members under their named ancestor).</summary>
public sealed class ReachedMember
{
    public ReachedMember(RecordDecl top, FieldDecl field)
    {
        Top = top;
        Field = field;
    }

    public RecordDecl Top { get; }
    public FieldDecl Field { get; }
    public string Member => Field.Name!;
}

/// <summary>
/// What the kernel reads when it serves the model's requests: each argument record (the header's, or the
/// annotations' for a request declared without one), the records nested in it by value, and what annotated pointers point to (xe's vm_bind ops behind <c>vector_of_binds</c>).
/// The facts files must classify every pointer-sized integer member in there (docs/annotations.md).
/// </summary>
public static class RequestReach
{
    public static IReadOnlyList<ReachedMember> Members(UapiModel model, AbiFacts facts)
    {
        var target = model.Targets.FirstOrDefault();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<RecordDecl>();
        void Push(TypeRef? type)
        {
            if (type == null || target == null)
            {
                return;
            }

            var t = model.Resolve(type, target);
            while (t.Kind == TypeRefKind.Array)
            {
                t = model.Resolve(t.Element!, target);
            }

            if (t.Kind == TypeRefKind.Record && model.FindRecord(t.Name!) is { } r && seen.Add(r.Id))
            {
                queue.Enqueue(r);
            }
        }

        foreach (var i in model.Ioctls)
        {
            Push(i.Argument ?? (facts.Request(i.Name)?.Argument is { } arg ? TypeRef.Record(arg) : null));
        }

        var byTop = model.Records.Where(r => r.IsAnonymous).ToLookup(AbiFacts.NamedAncestor, StringComparer.Ordinal);
        var result = new List<ReachedMember>();
        while (queue.Count > 0)
        {
            var r = queue.Dequeue();
            if (r.IsAnonymous)
            {
                Push(TypeRef.Record(AbiFacts.NamedAncestor(r)));
                continue;
            }

            foreach (var rec in new[] { r }.Concat(byTop[r.Id]))
            {
                foreach (var f in rec.AllFields.Where(f => f.Name != null))
                {
                    Push(f.Type);
                    result.Add(new ReachedMember(r, f));
                    if (facts.For(r.Id, f.Name!) is { To: { } to })
                    {
                        Push(model.FindRecord(to) != null ? TypeRef.Record(to) : null);
                    }
                }
            }
        }

        return result.GroupBy(m => (m.Top.Id, m.Member)).Select(g => g.First()).ToList();
    }

    /// <summary>
    /// True for an integer member as wide as a 64-bit pointer (<c>__u64</c>, <c>long</c>): where user pointers
    /// hide. A member declared as a C pointer says so in its type and needs no annotation.
    /// </summary>
    public static bool IsAddressSized(UapiModel model, FieldDecl field)
    {
        if (field.Bitfield != null || model.Targets.Count == 0)
        {
            return false;
        }

        var t = model.Resolve(field.Type, model.Targets[0]);
        return t.Kind == TypeRefKind.Builtin && t.Name is "unsigned long long" or "long long" or "unsigned long" or "long";
    }
}
