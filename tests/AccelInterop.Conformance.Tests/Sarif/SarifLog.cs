using System.Text.Json;

namespace AccelInterop.Conformance.Tests.Sarif;

/// <summary>
/// Structural checks of a SARIF 2.1.0 log, following the OASIS SARIF 2.1.0 specification's
/// required properties and value sets for what accelgen writes (sarifLog, run, tool.driver,
/// reportingDescriptor, result, location, physicalLocation, region, suppression).
/// </summary>
internal static class SarifLog
{
    private static readonly HashSet<string> Levels = ["none", "note", "warning", "error"];
    private static readonly HashSet<string> SuppressionKinds = ["inSource", "external"];

    /// <summary>Every structural problem found (empty when the log is well formed).</summary>
    public static List<string> Problems(JsonElement log)
    {
        var problems = new List<string>();
        void Require(bool ok, string what) { if (!ok) { problems.Add(what); } }

        Require(log.ValueKind == JsonValueKind.Object, "sarifLog is not an object");
        Require(log.TryGetProperty("version", out var v) && v.GetString() == "2.1.0", "sarifLog.version must be \"2.1.0\"");
        Require(log.TryGetProperty("$schema", out var s) && Uri.IsWellFormedUriString(s.GetString(), UriKind.Absolute), "sarifLog.$schema must be an absolute URI");
        if (!log.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array) { problems.Add("sarifLog.runs must be an array"); return problems; }
        var r = 0;
        foreach (var run in runs.EnumerateArray())
        {
            var at = $"runs[{r++}]";
            if (!run.TryGetProperty("tool", out var tool) || !tool.TryGetProperty("driver", out var driver))
            {
                problems.Add($"{at}.tool.driver is required");
                continue;
            }
            Require(driver.TryGetProperty("name", out var name) && !string.IsNullOrEmpty(name.GetString()), $"{at}.tool.driver.name is required");
            var ruleIds = new List<string>();
            if (driver.TryGetProperty("rules", out var rules))
            {
                foreach (var rule in rules.EnumerateArray())
                {
                    var id = rule.TryGetProperty("id", out var idEl) ? idEl.GetString() : null;
                    Require(!string.IsNullOrEmpty(id), $"{at}: a rule has no id");
                    ruleIds.Add(id ?? "");
                    if (rule.TryGetProperty("defaultConfiguration", out var dc) && dc.TryGetProperty("level", out var dl))
                    {
                        Require(Levels.Contains(dl.GetString()!), $"{at}: rule {id} has level {dl}");
                    }

                    Require(rule.TryGetProperty("shortDescription", out var sd) && sd.TryGetProperty("text", out _), $"{at}: rule {id} shortDescription.text");
                }
            }

            Require(ruleIds.Distinct().Count() == ruleIds.Count, $"{at}: rule ids are not unique");

            var baseIds = new HashSet<string>();
            if (run.TryGetProperty("originalUriBaseIds", out var bases))
            {
                foreach (var b in bases.EnumerateObject())
                {
                    baseIds.Add(b.Name);
                    Require(b.Value.TryGetProperty("uri", out var bu) && Uri.TryCreate(bu.GetString(), UriKind.Absolute, out var u) && bu.GetString()!.EndsWith('/'),
                        $"{at}.originalUriBaseIds.{b.Name}.uri must be an absolute URI ending in /");
                }
            }

            if (!run.TryGetProperty("results", out var results))
            {
                continue;
            }

            var i = 0;
            foreach (var result in results.EnumerateArray())
            {
                var rat = $"{at}.results[{i++}]";
                Require(result.TryGetProperty("message", out var m) && m.TryGetProperty("text", out var mt) && !string.IsNullOrEmpty(mt.GetString()), $"{rat}.message.text is required");
                var ruleId = result.TryGetProperty("ruleId", out var rid) ? rid.GetString() : null;
                Require(ruleId != null && ruleIds.Contains(ruleId), $"{rat}.ruleId {ruleId} is not a rule of the driver");
                if (result.TryGetProperty("ruleIndex", out var ri))
                {
                    Require(ri.GetInt32() >= 0 && ri.GetInt32() < ruleIds.Count && ruleIds[ri.GetInt32()] == ruleId, $"{rat}.ruleIndex does not point at {ruleId}");
                }

                if (result.TryGetProperty("level", out var level))
                {
                    Require(Levels.Contains(level.GetString()!), $"{rat}.level {level}");
                }

                if (result.TryGetProperty("locations", out var locations))
                {
                    foreach (var loc in locations.EnumerateArray())
                    {
                        if (!loc.TryGetProperty("physicalLocation", out var pl))
                        {
                            continue;
                        }

                        Require(pl.TryGetProperty("artifactLocation", out var al) && al.TryGetProperty("uri", out _), $"{rat}: physicalLocation.artifactLocation.uri");
                        if (al.TryGetProperty("uriBaseId", out var ub))
                        {
                            Require(baseIds.Contains(ub.GetString()!), $"{rat}: uriBaseId {ub} is not in originalUriBaseIds");
                        }

                        if (pl.TryGetProperty("region", out var region))
                        {
                            Require(region.TryGetProperty("startLine", out var sl) && sl.GetInt32() >= 1, $"{rat}: region.startLine must be >= 1");
                        }
                    }
                }

                if (result.TryGetProperty("suppressions", out var sups))
                {
                    foreach (var sup in sups.EnumerateArray())
                    {
                        Require(sup.TryGetProperty("kind", out var k) && SuppressionKinds.Contains(k.GetString()!), $"{rat}: suppression kind");
                    }
                }
            }
        }
        return problems;
    }
}
