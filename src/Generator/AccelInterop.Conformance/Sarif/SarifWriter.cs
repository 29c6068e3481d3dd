using System.Text;
using System.Text.Json;
using AccelInterop.Conformance.Rules;

namespace AccelInterop.Conformance.Sarif;

/// <summary>
/// Writes a <see cref="CheckReport"/> as a SARIF 2.1.0 log: one run whose tool driver lists every
/// rule of <see cref="RuleCatalog"/>, one result per finding with its rule, level, message, header
/// location (a <c>file://</c> URI where the header is found on disk, else the path as C includes
/// it) and logical location (the symbol). Suppressed
/// findings are kept as results with an external suppression, as SARIF intends.
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    /// <param name="locate">Finds a header (as the model names it, <c>linux/vfio.h</c>) on disk; null or a null answer keeps the name.</param>
    public static string Write(CheckReport report, string toolVersion, Func<string, string?>? locate = null) =>
        Write([report], toolVersion, locate);

    /// <summary>One run per report (e.g. one per uAPI model checked).</summary>
    public static string Write(IReadOnlyList<CheckReport> reports, string toolVersion, Func<string, string?>? locate = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", SchemaUri);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            foreach (var report in reports)
            {
                WriteRun(w, report, toolVersion, locate);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n";
    }

    private static void WriteRun(Utf8JsonWriter w, CheckReport report, string toolVersion, Func<string, string?>? locate)
    {
        w.WriteStartObject();
        WriteTool(w, toolVersion);
        w.WriteStartArray("results");
        foreach (var f in report.Findings)
        {
            WriteResult(w, f, report.Targets, null, locate);
        }

        foreach (var (f, by) in report.Suppressed)
        {
            WriteResult(w, f, report.Targets, by, locate);
        }

        w.WriteEndArray();
        w.WriteStartObject("properties");
        w.WriteStartArray("targets");
        foreach (var t in report.Targets)
        {
            w.WriteStringValue(t);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter w, string version)
    {
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "accelgen check");
        w.WriteString("semanticVersion", version);
        w.WriteStartArray("rules");
        foreach (var r in RuleCatalog.All)
        {
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            w.WriteString("name", r.Name);
            w.WriteStartObject("shortDescription");
            w.WriteString("text", r.Summary);
            w.WriteEndObject();
            w.WriteStartObject("help");
            w.WriteString("text", "See " + r.HelpAnchor + " in the AccelInterop repository.");
            w.WriteEndObject();
            w.WriteStartObject("defaultConfiguration");
            w.WriteString("level", Level(r.Severity));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter w, CheckFinding f, IReadOnlyList<string> allTargets, Suppression? by,
        Func<string, string?>? locate)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", f.Rule.Id);
        w.WriteNumber("ruleIndex", RuleIndex(f.Rule));
        w.WriteString("level", Level(f.Severity));
        w.WriteStartObject("message");
        w.WriteString("text", $"{f.Message} [{TargetList.Describe(f.Targets, allTargets)}]");
        w.WriteEndObject();
        w.WriteStartArray("locations");
        w.WriteStartObject();
        if (f.Location != null)
        {
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation");
            var onDisk = Path.IsPathRooted(f.Location.File) ? f.Location.File : locate?.Invoke(f.Location.File);
            w.WriteString("uri", onDisk != null ? new Uri(Path.GetFullPath(onDisk)).AbsoluteUri : f.Location.File);
            w.WriteEndObject();
            if (f.Location.Line > 0)
            {
                w.WriteStartObject("region");
                w.WriteNumber("startLine", f.Location.Line);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteStartArray("logicalLocations");
        w.WriteStartObject();
        w.WriteString("name", f.Member == null ? f.Symbol : f.Symbol + "." + f.Member);
        w.WriteString("kind", f.Member == null ? "type" : "member");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        if (by != null)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", "external");
            if (by.Reason != null)
            {
                w.WriteString("justification", by.Reason);
            }

            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteStartObject("partialFingerprints");
        w.WriteString("accelinteropSymbol/v1", $"{f.Rule.Id}:{f.Symbol}:{f.Member}");
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteStartArray("targets");
        foreach (var t in f.Targets)
        {
            w.WriteStringValue(t);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static int RuleIndex(RuleDescriptor rule)
    {
        for (var i = 0; i < RuleCatalog.All.Count; i++)
        {
            if (RuleCatalog.All[i].Id == rule.Id)
            {
                return i;
            }
        }

        return -1;
    }

    public static string Level(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "note",
    };
}
