using AccelInterop.Model;

namespace AccelInterop.Conformance.Diff;

/// <summary>A change seen on one target, before changes that are the same on several targets are merged.</summary>
internal sealed record RawChange(ChangeKind Kind, bool IsCompatible, string Symbol, string? Member, string Detail, SourceLocation? Location);
