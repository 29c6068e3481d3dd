using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;

namespace AccelInterop.Emitter.Facts;

/// <summary>One fact the name heuristics propose for a member its annotation file does not settle yet.</summary>
public sealed class FactProposal
{
    public FactProposal(string record, string member, string fact)
    {
        Record = record;
        Member = member;
        Fact = fact;
    }

    public string Record { get; }
    public string Member { get; }

    /// <summary>The proposal as the facts file would spell it (<c>pointer</c>, <c>handle gem</c>, <c>flags DRM_XE_EXEC_QUEUE_FLAG</c>).</summary>
    public string Fact { get; }

    public override string ToString() => $"{Record}.{Member}: {Fact}";
}

/// <summary>
/// What the name heuristics (<see cref="AbiHeuristics"/>, <see cref="FlagFamilies.Guess"/>) would say about
/// members the annotations leave open: they only propose (<c>accelgen facts --suggest</c>); the emitter
/// never binds a guess. Pointer-sized members reached from a request with no fact and no guess are
/// proposed as <c>plain or pointer</c>: the reviewer decides from the kernel's handler.
/// </summary>
public static class FactProposals
{
    public static IReadOnlyList<FactProposal> For(UapiModel model, AbiFacts facts)
    {
        var families = new FlagFamilies(model, AbiFacts.None);
        var proposals = new List<FactProposal>();
        var seen = new HashSet<(string, string)>();
        foreach (var r in model.Records)
        {
            var top = AbiFacts.NamedAncestor(r);
            foreach (var f in r.AllFields.Where(f => f.Name != null))
            {
                if (facts.For(top, f.Name!) == null && Guess(model, families, top, f) is { } guess && seen.Add((top, f.Name!)))
                {
                    proposals.Add(new FactProposal(top, f.Name!, guess));
                }
            }
        }

        foreach (var m in RequestReach.Members(model, facts))
        {
            if (facts.For(m.Top.Id, m.Member) == null && RequestReach.IsAddressSized(model, m.Field) && seen.Add((m.Top.Id, m.Member)))
            {
                proposals.Add(new FactProposal(m.Top.Id, m.Member, "plain or pointer (pointer-sized, reached from a request)"));
            }
        }

        return proposals.OrderBy(p => p.Record, StringComparer.Ordinal).ThenBy(p => p.Member, StringComparer.Ordinal).ToList();
    }

    private static string? Guess(UapiModel model, FlagFamilies families, string top, FieldDecl f)
    {
        var name = f.Name!;
        if (AbiHeuristics.IsMustBeZero(name))
        {
            return "zero";
        }

        if (f.Type.Kind == TypeRefKind.Array || model.Targets.Count == 0)
        {
            return null;
        }

        var t = model.Resolve(f.Type, model.Targets[0]);
        if (t.Kind != TypeRefKind.Builtin || f.Bitfield != null)
        {
            return null;
        }

        if (RequestReach.IsAddressSized(model, f) && AbiHeuristics.IsUserPointer(name))
        {
            return "pointer";
        }

        if (t.Name is "unsigned int" or "int" && AbiHeuristics.HandleKind(name, top) is { } kind)
        {
            return kind;
        }

        return families.Guess(top, name) is { } fam ? "flags " + fam.Prefix : null;
    }
}
