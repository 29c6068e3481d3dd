using AccelInterop.Model;
using AccelInterop.Model.Annotations;

namespace AccelInterop.Conformance.Rules;

/// <summary>What every rule needs: the model, the targets being checked, which records are uAPI structs, and the reviewed ABI facts.</summary>
public sealed class RuleContext
{
    public RuleContext(UapiModel model, IReadOnlyList<string> targets, AbiFacts? facts = null)
    {
        Model = model;
        Targets = targets;
        Facts = facts ?? AbiFacts.None;
        Scope = UapiScope.Of(model, targets);
    }

    public UapiModel Model { get; }

    /// <summary>The uAPI's annotation file (<see cref="AbiFacts.None"/> when it has none).</summary>
    public AbiFacts Facts { get; }

    /// <summary>The targets checked (a subset of the model's).</summary>
    public IReadOnlyList<string> Targets { get; }

    public UapiScope Scope { get; }

    /// <summary>The targets of <paramref name="declaration"/> among those checked.</summary>
    public IEnumerable<string> TargetsOf(Declaration declaration) => Targets.Where(declaration.ExistsOn);

    public CheckFinding Finding(RuleDescriptor rule, string symbol, string? member, string message, SourceLocation? location,
        IEnumerable<string> targets) =>
        new(rule, symbol, member, message, location, targets.ToList());

    /// <summary>How C spells a record for messages: <c>struct foo</c>, <c>union bar</c>, a typedef name.</summary>
    public static string Spell(RecordDecl record) =>
        record.Tag != null ? $"{(record.Kind == RecordKind.Union ? "union" : "struct")} {record.Tag}"
        : record.TypedefName ?? $"anonymous {(record.Kind == RecordKind.Union ? "union" : "struct")} in {record.Parent}";

    /// <summary>Where a member is: the record's file at the member's line.</summary>
    public static SourceLocation At(RecordDecl record, FieldDecl field) =>
        field.Line > 0 ? new SourceLocation(record.Location.File, field.Line) : record.Location;
}
