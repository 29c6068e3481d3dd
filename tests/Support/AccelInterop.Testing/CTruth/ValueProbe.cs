using System.Numerics;
using System.Text;

namespace AccelInterop.Testing.CTruth;

/// <summary>
/// A C file that stores integer constant expressions in one static array (and, for gcc, one object per
/// bitfield), so a compile-only run (LLVM IR from clang, assembly from gcc) yields their values without
/// running code for the target. Every entry is on its own line, so a compiler error names its owner.
/// </summary>
internal sealed class ValueProbe
{
    public const string ArrayName = "__fz_v";
    public const string FileName = "probe.c";

    /// <summary>One array element; its index is known once the probe compiled (entries of rejected owners are removed).</summary>
    public sealed class Entry(string expression, object owner)
    {
        public string Expression { get; } = expression;
        public object Owner { get; } = owner;
        public int Index { get; internal set; } = -1;
    }

    private readonly List<Entry> _values = [];
    private readonly List<(string Line, object Owner)> _definitions = [];

    /// <summary>Elements of the compiled array (the entries and a closing 0).</summary>
    public int Count => _values.Count + 1;

    /// <summary>Adds an expression to the array.</summary>
    public Entry Add(string expression, object owner)
    {
        var entry = new Entry(expression, owner);
        _values.Add(entry);
        return entry;
    }

    /// <summary>Adds a constant's value and whether it is negative: two entries; returns the first.</summary>
    public Entry AddConstant(string name)
    {
        var at = Add($"(unsigned long long)({name})", name);
        Add($"(unsigned long long)(({name}) < 0)", name);
        return at;
    }

    /// <summary>Adds a one-line definition before the array.</summary>
    public void Define(string line, object owner) => _definitions.Add((line, owner));

    public static ulong ValueOf(IReadOnlyList<ulong> values, Entry entry) =>
        entry.Index >= 0 ? values[entry.Index] : throw new InvalidOperationException($"'{entry.Expression}' was not compiled");

    /// <summary>The constant whose first entry is <paramref name="entry"/> (the next one says whether it is negative).</summary>
    public static BigInteger ConstantOf(IReadOnlyList<ulong> values, Entry entry) =>
        values[entry.Index + 1] != 0 ? new BigInteger(unchecked((long)values[entry.Index])) : new BigInteger(values[entry.Index]);

    /// <summary>Removes every entry of the given owners.</summary>
    public void Remove(IReadOnlySet<object> owners)
    {
        _values.RemoveAll(v => owners.Contains(v.Owner));
        _definitions.RemoveAll(d => owners.Contains(d.Owner));
    }

    /// <summary>The source (entry i of the array is on line <see cref="LineOfValue"/>).</summary>
    public string Source(string headerName)
    {
        var c = new StringBuilder($"#include \"{headerName}\"\n");
        foreach (var d in _definitions)
        {
            c.Append(d.Line).Append('\n');
        }

        c.Append($"unsigned long long {ArrayName}[] = {{\n");
        foreach (var v in _values)
        {
            c.Append("  ").Append(v.Expression).Append(",\n");
        }

        c.Append("  0\n};\n");
        return c.ToString();
    }

    /// <summary>The owners of entries on the given lines of <see cref="Source"/>.</summary>
    public HashSet<object> OwnersOn(IEnumerable<int> lines)
    {
        var owners = new HashSet<object>();
        foreach (var line in lines)
        {
            var d = line - 2;
            if (d >= 0 && d < _definitions.Count) { owners.Add(_definitions[d].Owner); continue; }
            var v = line - 3 - _definitions.Count;
            if (v >= 0 && v < _values.Count)
            {
                owners.Add(_values[v].Owner);
            }
        }
        return owners;
    }

    /// <summary>
    /// Compiles until the probe's own lines are clean, dropping the entries a compiler rejects (a
    /// name that is no integer constant on this target); errors outside the probe fail the probe.
    /// Returns the compiler's output file text.
    /// </summary>
    public string CompileDroppingRejected(string dir, string headerName, Func<string, ChildProcess.Result> compile, string what, out HashSet<object> dropped)
    {
        dropped = [];
        for (var attempt = 0; ; attempt++)
        {
            var path = Path.Combine(dir, FileName);
            File.WriteAllText(path, Source(headerName));
            ChildProcess.Result result;
            try { result = compile(path); }
            catch (TimeoutException e) { throw new ProbeFailedException($"{what}: {e.Message}"); }
            if (result.ExitCode == 0)
            {
                for (var i = 0; i < _values.Count; i++)
                {
                    _values[i].Index = i;
                }

                return result.StandardOutput;
            }
            var errors = CompilerErrors.Parse(result.StandardError, FileName);
            if (errors.Elsewhere.Count > 0)
            {
                throw new ProbeFailedException($"{what}: {errors.Elsewhere[0]}");
            }

            var owners = OwnersOn(errors.ProbeLines);
            if (owners.Count == 0 || attempt > 8)
            {
                throw new ProbeFailedException($"{what}: probe does not compile: {FirstLine(result.StandardError)}");
            }

            dropped.UnionWith(owners);
            Remove(owners);
        }
    }

    private static string FirstLine(string text) => text.Split('\n').FirstOrDefault(l => l.Contains("error")) ?? text.Trim();
}
