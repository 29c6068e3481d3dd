using System;
using System.Collections.Generic;
using System.Linq;

namespace AccelInterop.Model.Annotations;

/// <summary>
/// The reviewed ABI facts of one uAPI (<c>headers/annotations/&lt;uapi&gt;.facts.json</c>), checked against
/// its model when read. The emitter, the conformance checker and <c>accelgen facts --suggest</c> read these
/// and nothing else; a member the file does not name has no ABI fact.
/// </summary>
public sealed class AbiFacts
{
    private readonly Dictionary<string, Dictionary<string, MemberFact>> _members;
    private readonly Dictionary<string, RequestFact> _requests;

    internal AbiFacts(string uapi, IEnumerable<MemberFact> members, IEnumerable<RequestFact> requests)
    {
        Uapi = uapi;
        _members = members.GroupBy(m => m.Record, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(m => m.Member, StringComparer.Ordinal), StringComparer.Ordinal);
        _requests = requests.ToDictionary(r => r.Request, StringComparer.Ordinal);
    }

    /// <summary>No facts: what a model nobody has annotated gets (its bindings carry no ABI attributes).</summary>
    public static AbiFacts None { get; } = new AbiFacts("", Array.Empty<MemberFact>(), Array.Empty<RequestFact>());

    public string Uapi { get; }

    /// <summary>Every member fact, by record then member (ordinal).</summary>
    public IEnumerable<MemberFact> Members =>
        _members.OrderBy(r => r.Key, StringComparer.Ordinal).SelectMany(r => r.Value.Values.OrderBy(m => m.Member, StringComparer.Ordinal));

    public IEnumerable<RequestFact> Requests => _requests.Values.OrderBy(r => r.Request, StringComparer.Ordinal);

    /// <param name="record">The named record the member is reached from.</param>
    public MemberFact? For(string record, string member) =>
        _members.TryGetValue(record, out var byMember) && byMember.TryGetValue(member, out var f) ? f : null;

    public RequestFact? Request(string name) => _requests.TryGetValue(name, out var r) ? r : null;

    /// <summary>The named record a record's members are annotated under: itself, or for an anonymous record its outermost named parent.</summary>
    public static string NamedAncestor(RecordDecl record) =>
        record.Parent != null && record.IsAnonymous ? record.Parent.Split(':')[0] : record.Id;
}
