using System.Text;

namespace AccelInterop.Conformance.Diff;

/// <summary>The human report of <c>accelgen diff</c>.</summary>
public static class DiffTextWriter
{
    public static string Write(DiffReport report, string oldName, string newName)
    {
        var sb = new StringBuilder();
        sb.Append($"ABI diff {oldName} -> {newName} ({report.Targets.Count} target(s): {string.Join(", ", report.Targets)})\n");
        var incompatible = report.Incompatible.ToList();
        var compatible = report.Compatible.ToList();
        if (incompatible.Count > 0)
        {
            sb.Append($"\nIncompatible changes ({incompatible.Count}):\n");
            foreach (var c in incompatible)
            {
                sb.Append("  ").Append(c.Format(report.Targets)).Append('\n');
            }
        }
        if (compatible.Count > 0)
        {
            sb.Append($"\nCompatible changes ({compatible.Count}):\n");
            foreach (var c in compatible)
            {
                sb.Append("  ").Append(c.Format(report.Targets)).Append('\n');
            }
        }
        sb.Append(report.Changes.Count == 0
            ? "\nNo ABI change.\n"
            : $"\n{incompatible.Count} incompatible, {compatible.Count} compatible change(s).\n");
        return sb.ToString();
    }
}
