using System.Text;
using System.Text.Json;

namespace AccelInterop.Conformance.Diff;

/// <summary>
/// <c>accelgen diff --json</c>: <c>{"old", "new", "targets", "exitCode", "summary": {"incompatible", "compatible"},
/// "changes": [{"kind", "compatible", "symbol", "member", "detail", "file", "line", "targets"}]}</c>.
/// </summary>
public static class DiffJsonWriter
{
    public static string Write(DiffReport report, string oldName, string newName)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("old", oldName);
            w.WriteString("new", newName);
            w.WriteStartArray("targets");
            foreach (var t in report.Targets)
            {
                w.WriteStringValue(t);
            }

            w.WriteEndArray();
            w.WriteNumber("exitCode", report.ExitCode);
            w.WriteStartObject("summary");
            w.WriteNumber("incompatible", report.Incompatible.Count());
            w.WriteNumber("compatible", report.Compatible.Count());
            w.WriteEndObject();
            w.WriteStartArray("changes");
            foreach (var c in report.Changes)
            {
                w.WriteStartObject();
                w.WriteString("kind", c.Kind.ToString());
                w.WriteBoolean("compatible", c.IsCompatible);
                w.WriteString("symbol", c.Symbol);
                if (c.Member != null)
                {
                    w.WriteString("member", c.Member);
                }
                else
                {
                    w.WriteNull("member");
                }

                w.WriteString("detail", c.Detail);
                if (c.Location != null)
                {
                    w.WriteString("file", c.Location.File);
                    w.WriteNumber("line", c.Location.Line);
                }
                w.WriteStartArray("targets");
                foreach (var t in c.Targets)
                {
                    w.WriteStringValue(t);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
