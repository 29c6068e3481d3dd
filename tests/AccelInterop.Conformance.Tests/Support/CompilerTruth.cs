using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using AccelInterop.Conformance.Layout;
using AccelInterop.Model;
using AccelInterop.Model.Targets;

namespace AccelInterop.Conformance.Tests.Support;

/// <summary>
/// What a real compiler says, obtained independently of the oracle under test so that the tests'
/// "right" numbers are never typed in: integer expressions are evaluated by compiling and running
/// a program with gcc on the host, or from the LLVM IR clang emits for constant globals on other
/// targets; bitfield places come from a run-time probe (gcc, host) or clang's record layout dump.
/// </summary>
internal sealed partial class CompilerTruth(string target, string headerDir, params string[] headers)
{
    private readonly string _includes = string.Concat(headers.Select(h => $"#include <{h}>\n"));

    /// <summary>Index → spelling of <see cref="TypeIndexMacro"/>.</summary>
    public static readonly string[] TypeNames =
    [
        "?", "char", "signed char", "unsigned char", "short", "unsigned short", "int", "unsigned int",
        "long", "unsigned long", "long long", "unsigned long long", "_Bool",
    ];

    public const string TypeIndexMacro =
        "#define TRUTH_TYPE(x) _Generic((x), char: 1, signed char: 2, unsigned char: 3, short: 4, unsigned short: 5, int: 6, " +
        "unsigned int: 7, long: 8, unsigned long: 9, long long: 10, unsigned long long: 11, _Bool: 12, default: 0)\n";

    public string Target { get; } = target;

    public bool OnHost => Target == CompilerLocator.HostTarget;

    // Any target other than the host's is compiled by clang.
    private static string Clang => CompilerLocator.Default.Locate(LinuxTargets.All.First(t => t != LinuxTargets.Current).Triple).Path;

    private IEnumerable<string> IncludeArgs =>
        ["-I", headerDir, "-isystem", Path.Combine(UapiHeaders.IncludeRoot, LinuxTargets.Parse(Target).MultiarchDir), "-isystem", UapiHeaders.IncludeRoot];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TargetAbi> Abis = new(StringComparer.Ordinal);

    /// <summary>The facts a model records about <paramref name="target"/> itself, as the compiler evaluates them (cached per target).</summary>
    public static TargetAbi AbiOf(string target) => Abis.GetOrAdd(target, t =>
    {
        var macros = new[]
        {
            "_IOC_NRSHIFT", "_IOC_TYPESHIFT", "_IOC_SIZESHIFT", "_IOC_DIRSHIFT", "_IOC_NRBITS", "_IOC_TYPEBITS",
            "_IOC_SIZEBITS", "_IOC_DIRBITS", "_IOC_NONE", "_IOC_WRITE", "_IOC_READ",
        };
        var exprs = macros.ToDictionary(m => m, m => m);
        exprs["pointer"] = "sizeof(void *)";
        exprs["long"] = "sizeof(long)";
        exprs["int64"] = "__builtin_offsetof(struct { char c; long long v; }, v)";
        exprs["big"] = "(__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)";
        var v = new CompilerTruth(t, UapiHeaders.IncludeRoot, "linux/ioctl.h").Evaluate(exprs);
        int I(string key) => (int)v[key];
        var ioctl = new IoctlLayout(I(macros[0]), I(macros[1]), I(macros[2]), I(macros[3]), I(macros[4]), I(macros[5]),
            I(macros[6]), I(macros[7]), (uint)v[macros[8]], (uint)v[macros[9]], (uint)v[macros[10]]);
        return new TargetAbi(t, I("pointer"), I("long"), I("int64"), v["big"] != 0 ? ByteOrder.Big : ByteOrder.Little, ioctl);
    });

    /// <summary>Evaluates integer constant expressions (key → C expression) on the target.</summary>
    public Dictionary<string, BigInteger> Evaluate(IReadOnlyDictionary<string, string> expressions)
    {
        var keys = expressions.Keys.ToList();
        var src = new StringBuilder();
        src.Append(_includes).Append(TypeIndexMacro);
        var result = new Dictionary<string, BigInteger>();
        using var dir = new ScratchDir();
        if (OnHost)
        {
            src.Append("#include <stdio.h>\nint main(void)\n{\n");
            for (var i = 0; i < keys.Count; i++)
            {
                var e = expressions[keys[i]];
                src.Append($"    printf(\"%d %d %llu\\n\", {i}, ({e}) < 0, (unsigned long long)({e}));\n");
            }
            src.Append("    return 0;\n}\n");
            File.WriteAllText(dir.File("truth.c"), src.ToString());
            Run("gcc", ["-std=gnu11", "-w", .. IncludeArgs, "-o", dir.File("truth"), dir.File("truth.c")]);
            var output = Run(dir.File("truth"), []);
            foreach (Match m in Regex.Matches(output, @"^(\d+) ([01]) (\d+)$", RegexOptions.Multiline))
            {
                var u = BigInteger.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
                result[keys[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)]] = m.Groups[2].Value == "1" ? u - (BigInteger.One << 64) : u;
            }
        }
        else
        {
            for (var i = 0; i < keys.Count; i++)
            {
                var e = expressions[keys[i]];
                src.Append($"const int truth_{i}_neg = ({e}) < 0;\nconst unsigned long long truth_{i} = (unsigned long long)({e});\n");
            }
            File.WriteAllText(dir.File("truth.c"), src.ToString());
            var ir = Run(Clang, ["--target=" + Target, "-nostdlibinc", "-ffreestanding", "-std=gnu11", "-w", .. IncludeArgs,
                "-S", "-emit-llvm", "-o", "-", dir.File("truth.c")]);
            var globals = new Dictionary<string, BigInteger>();
            foreach (Match m in Regex.Matches(ir, @"^@(truth_\d+(?:_neg)?) = .*?constant i\d+ (-?\d+)", RegexOptions.Multiline))
            {
                globals[m.Groups[1].Value] = BigInteger.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }

            for (var i = 0; i < keys.Count; i++)
            {
                if (!globals.TryGetValue($"truth_{i}", out var v) || !globals.TryGetValue($"truth_{i}_neg", out var neg))
                {
                    continue;
                }

                result[keys[i]] = neg != 0 ? v : v < 0 ? v + (BigInteger.One << 64) : v;
            }
        }
        var missing = keys.Where(k => !result.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{Target}: no truth for {string.Join(", ", missing)}");
        }

        return result;
    }

    /// <summary>
    /// Bit offset (allocation order, from the record start) and width of bitfields declared directly in a record.
    /// <paramref name="dumpName"/> is how clang's layout dump names the record (<c>struct foo</c>, or the typedef name).
    /// </summary>
    public Dictionary<string, (long Offset, int Width)> Bitfields(string recordSpelling, string dumpName, IReadOnlyList<string> fields)
    {
        using var dir = new ScratchDir();
        var result = new Dictionary<string, (long, int)>();
        if (OnHost)
        {
            Assert.True(BitConverter.IsLittleEndian, "the test's run-time bitfield probe assumes a little-endian host");
            var src = new StringBuilder(_includes + "#include <stdio.h>\n#include <string.h>\nint main(void)\n{\n");
            foreach (var f in fields)
            {
                src.Append($"    {{ {recordSpelling} v; unsigned char b[sizeof v]; long first = -1, n = 0; memset(&v, 0, sizeof v); v.{f} = -1; memcpy(b, &v, sizeof v);\n");
                src.Append($"      for (unsigned long i = 0; i < 8 * sizeof v; i++) if (b[i / 8] >> (i % 8) & 1) {{ if (first < 0) first = (long)i; n++; }}\n");
                src.Append($"      printf(\"{f} %ld %ld\\n\", first, n); }}\n");
            }
            src.Append("    return 0;\n}\n");
            File.WriteAllText(dir.File("bits.c"), src.ToString());
            Run("gcc", ["-std=gnu11", "-w", .. IncludeArgs, "-o", dir.File("bits"), dir.File("bits.c")]);
            foreach (Match m in Regex.Matches(Run(dir.File("bits"), []), @"^(\w+) (-?\d+) (\d+)$", RegexOptions.Multiline))
            {
                result[m.Groups[1].Value] = (long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
            }
        }
        else
        {
            File.WriteAllText(dir.File("bits.c"), $"{_includes}typedef char truth_use[sizeof({recordSpelling})];\n");
            var dump = Run(Clang, ["--target=" + Target, "-nostdlibinc", "-ffreestanding", "-std=gnu11", "-w", .. IncludeArgs,
                "-fsyntax-only", "-Xclang", "-fdump-record-layouts", dir.File("bits.c")]);
            // The record's own block: its header line, then members; top-level members are indented by three spaces.
            var block = Regex.Match(dump, @"\n\s+0 \| " + Regex.Escape(dumpName) + @"\n(?<body>(?:.*\n)*?)\s+\| \[sizeof");
            Assert.True(block.Success, $"no layout block for {dumpName} in clang's dump");
            foreach (Match m in Regex.Matches(block.Groups["body"].Value, @"^\s*(\d+):(\d+)-(\d+) \|   \S.*?(\w+)$", RegexOptions.Multiline))
            {
                var first = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                result[m.Groups[4].Value] = (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 8 + first,
                    int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) - first + 1);
            }
        }
        foreach (var f in fields)
        {
            Assert.True(result.ContainsKey(f), $"{Target}: no bitfield truth for {recordSpelling}.{f}");
        }

        return result;
    }

    private static string Run(string file, IReadOnlyList<string> args) => ChildProcess.Output(file, args, environment: ChildProcess.CLocale);

    private sealed class ScratchDir : IDisposable
    {
        private readonly string _path = Directory.CreateTempSubdirectory("ai-truth-").FullName;
        public string File(string name) => Path.Combine(_path, name);
        public void Dispose() => Directory.Delete(_path, recursive: true);
    }
}
