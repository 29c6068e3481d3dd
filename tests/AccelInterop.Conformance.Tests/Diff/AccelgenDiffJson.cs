using System.Text.Json;

namespace AccelInterop.Conformance.Tests.Diff;

/// <summary>One change of <c>accelgen diff --json</c>.</summary>
public sealed record DiffChange(string Kind, bool Compatible, string Symbol, string? Member, string Detail);

/// <summary>The parsed <c>accelgen diff --json</c> output.</summary>
public sealed record AccelgenDiffJson(int ExitCode, IReadOnlyList<DiffChange> Changes)
{
    public static AccelgenDiffJson Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var changes = root.GetProperty("changes").EnumerateArray().Select(c => new DiffChange(
            c.GetProperty("kind").GetString()!, c.GetProperty("compatible").GetBoolean(), c.GetProperty("symbol").GetString()!,
            c.GetProperty("member").ValueKind == JsonValueKind.Null ? null : c.GetProperty("member").GetString(),
            c.GetProperty("detail").GetString()!)).ToList();
        return new AccelgenDiffJson(root.GetProperty("exitCode").GetInt32(), changes);
    }
}
