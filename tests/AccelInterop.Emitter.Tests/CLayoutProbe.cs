using System.Text;
using AccelInterop.Model;
using AccelInterop.Model.Targets;

namespace AccelInterop.Emitter.Tests;

/// <summary>
/// Asks gcc for the host's sizeof/offsetof of every layout row the generated check produced,
/// with the synced headers, so the compiled C# is compared with a real compiler directly.
/// </summary>
internal static class CLayoutProbe
{
    public static bool Available => File.Exists("/usr/bin/gcc") && LinuxTargets.Current != null;

    /// <summary>Why <see cref="Available"/> is false, as a skip reason.</summary>
    public const string Unavailable = "needs gcc (/usr/bin/gcc) on the host to compare with a real compiler";

    /// <returns>symbol → value as gcc computes it for the host.</returns>
    public static Dictionary<string, long> Measure(UapiModel model, IEnumerable<string> symbols, IEnumerable<string>? extraIncludes = null)
    {
        var c = new StringBuilder("#include <stddef.h>\n#include <stdio.h>\n");
        foreach (var h in model.Includes.Concat(model.Headers.Select(h => h.Path)))
        {
            c.Append($"#include <{h}>\n");
        }

        c.Append("int main(void) {\n");
        foreach (var symbol in symbols)
        {
            var dot = symbol.IndexOf('.');
            var record = model.FindRecord(dot < 0 ? symbol : symbol[..dot]);
            if (record == null || record.IsAnonymous || symbol.Contains(':'))
            {
                continue; // bitfield rows: see BaselineTests
            }

            var type = record.Tag != null ? $"{(record.Kind == RecordKind.Union ? "union" : "struct")} {record.Tag}" : record.TypedefName!;
            var expr = dot < 0 ? $"sizeof({type})" : $"offsetof({type}, {symbol[(dot + 1)..].TrimStart('@')})";
            c.Append($"  printf(\"%s %zu\\n\", \"{symbol}\", (size_t){expr});\n");
        }
        c.Append("  return 0;\n}\n");
        var dir = Directory.CreateTempSubdirectory("accelinterop-probe-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "probe.c"), c.ToString());
            var includes = new List<string> { Path.Combine(RepoPaths.UpstreamInclude, LinuxTargets.Current!.MultiarchDir), RepoPaths.UpstreamInclude, RepoPaths.Proposed };
            if (extraIncludes != null)
            {
                includes.InsertRange(0, extraIncludes);
            }
            // -I dirs come before the system's, so the synced uAPI headers win over the host's.
            Run("gcc", ["-std=gnu11", .. includes.SelectMany(i => new[] { "-I", i }),
                "-o", Path.Combine(dir, "probe"), Path.Combine(dir, "probe.c")]);
            return Run(Path.Combine(dir, "probe"), []).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => long.Parse(p[1]));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static string Run(string file, string[] args) => ChildProcess.Output(file, args);
}
