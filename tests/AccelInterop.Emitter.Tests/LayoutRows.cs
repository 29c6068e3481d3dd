using System.Reflection;

namespace AccelInterop.Emitter.Tests;

/// <summary>Runs a generated <c>&lt;Class&gt;Layout.Check()</c> and sorts its rows.</summary>
internal sealed class LayoutRows
{
    public required IReadOnlyList<(string Symbol, long Actual, long Expected)> Checked { get; init; }

    /// <summary>Rows whose record the bindings do not reproduce on this architecture (expected -2).</summary>
    public required IReadOnlyList<string> NotBound { get; init; }

    public static LayoutRows Run(Assembly assembly, string layoutClass)
    {
        var type = assembly.GetType(layoutClass, throwOnError: true)!;
        var rows = (List<(string Symbol, long Actual, long Expected)>)type.GetMethod("Check", Type.EmptyTypes)!.Invoke(null, null)!;
        return new LayoutRows
        {
            Checked = rows.Where(r => r.Expected >= 0).ToList(),
            NotBound = rows.Where(r => r.Expected == -2).Select(r => r.Symbol).ToList(),
        };
    }

    public IEnumerable<string> Mismatches =>
        Checked.Where(r => r.Actual != r.Expected).Select(r => $"{r.Symbol}: compiled {r.Actual}, expected {r.Expected}");
}
