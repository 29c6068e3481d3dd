namespace AccelInterop.Cli;

/// <summary>A mistake in how accelgen was called: one line on stderr, exit 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The parsed arguments of one verb. Options may repeat (<c>--header</c>, <c>-I</c>,
/// <c>--target</c>); <c>-IDIR</c> and <c>--opt=value</c> spellings are accepted as in cc.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public static CommandLine Parse(IEnumerable<string> args, IReadOnlyCollection<string> valueOptions,
        IReadOnlyCollection<string> flagOptions)
    {
        var cl = new CommandLine();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (a == "--") { cl.Positionals.AddRange(list.Skip(i + 1)); break; }
            if (a.StartsWith("-I", StringComparison.Ordinal) && a.Length > 2) { cl.Add("-I", a[2..]); continue; }
            if (a.StartsWith('-') && a.Length > 1)
            {
                var name = a;
                string? inline = null;
                var eq = a.IndexOf('=');
                if (a.StartsWith("--", StringComparison.Ordinal) && eq > 0) { name = a[..eq]; inline = a[(eq + 1)..]; }
                if (flagOptions.Contains(name))
                {
                    if (inline != null)
                    {
                        throw new UsageException($"option {name} takes no value");
                    }

                    cl._flags.Add(name);
                    continue;
                }
                if (!valueOptions.Contains(name))
                {
                    throw new UsageException($"unknown option '{a}' (see --help)");
                }

                var value = inline ?? (i + 1 < list.Count ? list[++i] : throw new UsageException($"option {name} needs a value"));
                cl.Add(name, value);
                continue;
            }
            cl.Positionals.Add(a);
        }
        return cl;
    }

    private void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var l))
        {
            _values[name] = l = [];
        }

        l.Add(value);
    }

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var l) ? l : [];

    public string? Single(string name)
    {
        var all = All(name);
        if (all.Count > 1)
        {
            throw new UsageException($"option {name} given more than once");
        }

        return all.Count == 1 ? all[0] : null;
    }

    public bool Has(string flag) => _flags.Contains(flag);
}
