using System.Globalization;
using System.Runtime.InteropServices;

namespace AccelInterop.Testing.Emulation;

/// <summary>The rows every layout self-check of a set of generated bindings gave on an emulated architecture.</summary>
public sealed class EmulatedLayoutRun
{
    /// <summary>The architecture the runner says it ran on (its RuntimeInformation.ProcessArchitecture).</summary>
    public required Architecture Architecture { get; init; }

    /// <summary>The runner's IoctlArchitecture.Current: which column of the expected tables it compared with.</summary>
    public required int Column { get; init; }

    /// <summary>The generated <c>*Layout</c> classes that ran, by full name.</summary>
    public required IReadOnlyList<string> LayoutClasses { get; init; }

    public required IReadOnlyList<LayoutRow> Rows { get; init; }

    /// <summary>Layout classes or assemblies the runner could not run (e.g. a struct the runtime refused to load).</summary>
    public required IReadOnlyList<string> Errors { get; init; }

    /// <summary>Wall-clock time of the emulated process.</summary>
    public required TimeSpan Elapsed { get; init; }

    public IEnumerable<LayoutRow> Checked => Rows.Where(r => r.IsChecked);
    public IEnumerable<LayoutRow> Mismatches => Rows.Where(r => r.IsMismatch);
    public IEnumerable<LayoutRow> NotBound => Rows.Where(r => r.Expected == LayoutRow.NotBoundExactly);

    /// <summary>Records whose size was checked (one size row per record).</summary>
    public int RecordsChecked => Checked.Count(r => r.IsSize);

    public string Summary =>
        $"{Architecture}: {LayoutClasses.Count} layout classes, {RecordsChecked} records, {Checked.Count()} rows checked, " +
        $"{Mismatches.Count()} mismatches, {NotBound.Count()} rows not bound exactly, {Errors.Count} errors, {Elapsed.TotalSeconds:0.0} s";

    /// <summary>Reads the runner's tab-separated output (see tests/Support/AccelInterop.LayoutRunner/Program.cs).</summary>
    public static EmulatedLayoutRun Parse(string output, TimeSpan elapsed)
    {
        Architecture? architecture = null;
        int column = -1, classCount = -1;
        string? layoutClass = null;
        var classes = new List<string>();
        var rows = new List<LayoutRow>();
        var errors = new List<string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            switch (f)
            {
                case ["arch", var name, var index]:
                    architecture = Enum.Parse<Architecture>(name);
                    column = int.Parse(index, CultureInfo.InvariantCulture);
                    break;
                case ["class", var type]:
                    classes.Add(layoutClass = type);
                    break;
                case ["row", var symbol, var compiled, var expected] when layoutClass != null:
                    rows.Add(new LayoutRow(layoutClass, symbol, long.Parse(compiled, CultureInfo.InvariantCulture),
                        long.Parse(expected, CultureInfo.InvariantCulture)));
                    break;
                case ["error", var where, var message]:
                    errors.Add($"{where}: {message}");
                    break;
                case ["done", var count]:
                    classCount = int.Parse(count, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new FormatException($"layout runner: unexpected line '{line}'");
            }
        }
        if (architecture == null || classCount != classes.Count)
        {
            throw new FormatException("layout runner: output ended before its 'done' line:\n" + string.Join('\n', output.Split('\n').TakeLast(5)));
        }

        return new EmulatedLayoutRun
        {
            Architecture = architecture.Value,
            Column = column,
            LayoutClasses = classes,
            Rows = rows,
            Errors = errors,
            Elapsed = elapsed,
        };
    }
}
