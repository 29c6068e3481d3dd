using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Testing.Emulation;
using Xunit.Abstractions;

namespace AccelInterop.Emitter.Tests;

/// <summary>The emulated layout runner itself: it reports what it measured, and a wrong expected value fails by name.</summary>
public sealed partial class EmulatedLayoutRunnerTests(ITestOutputHelper output)
{
    public static TheoryData<Architecture> Foreign => new(EmulatedLayoutCheck.Foreign);

    /// <summary>
    /// The baseline bindings (from our own demo headers, expected tables from clang) in a scratch
    /// folder, with one member offset and one bitfield position made wrong in the emulated
    /// architecture's column: exactly those two rows fail, each naming record, member and both values.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Foreign))]
    public void A_wrong_expected_value_is_reported_with_its_record_member_and_both_values(Architecture architecture)
    {
        var check = EmulatedLayoutCheck.For(architecture);
        Skip.If(check.Unavailable != null, check.Unavailable);
        var column = IoctlArchitecture.Order.IndexOf(architecture);
        var scratch = Directory.CreateTempSubdirectory("accelinterop-broken-layout-").FullName;
        try
        {
            var broken = new List<(string Symbol, long Right, long Wrong)>();
            foreach (var file in Directory.GetFiles(RepoPaths.Baselines, "*.g.cs", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(file);
                if (file.EndsWith(".Layout.g.cs", StringComparison.Ordinal))
                {
                    text = BreakFirst(BreakFirst(text, OffsetRow(), "", column, broken), BitRow(), ":bit", column, broken);
                }

                var copy = Path.Combine(scratch, Path.GetRelativePath(RepoPaths.Baselines, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.WriteAllText(copy, text);
            }
            Assert.Contains(broken, b => b.Symbol.EndsWith(":bit", StringComparison.Ordinal));

            var run = check.RunFolder(scratch, "BrokenBaselines");
            output.WriteLine(run.Summary);
            foreach (var m in run.Mismatches)
            {
                output.WriteLine(m.ToString());
            }

            Assert.Empty(run.Errors);
            Assert.Contains(run.Checked, r => r.Quantity == "bit width");
            Assert.Equal(broken.Select(b => (b.Symbol, b.Right, b.Wrong)).Order(),
                run.Mismatches.Select(m => (m.Symbol, m.Compiled, m.Expected)).Order());
            foreach (var m in run.Mismatches)
            {
                var text = m.ToString();
                Assert.Contains($"record {m.Record}, member {m.Member!.Split(':')[0]}", text);
                Assert.Contains($"{m.Compiled} in .NET, {m.Expected} by the C compiler", text);
            }
        }
        finally { Directory.Delete(scratch, recursive: true); }
    }

    [Fact]
    public void The_runner_output_is_read_into_rows_and_mismatches()
    {
        var target = AccelInterop.Runtime.Targets.LinuxTargets.AArch64;
        var run = EmulatedLayoutRun.Parse(
            $"arch\t{target.DotNetArchitecture}\t{target.Index}\nclass\tN.DemoLayout\nrow\tdemo\t16\t16\nrow\tdemo.addr\t8\t12\nrow\tdemo.flags:bit\t64\t64\n" +
            "row\tdemo.flags:width\t3\t-2\nclass\tN.OtherLayout\nrow\tother\t4\t-1\ndone\t2\n", TimeSpan.FromSeconds(1));
        Assert.Equal(target.Architecture, run.Architecture);
        Assert.Equal(target.Index, run.Column);
        Assert.Equal(["N.DemoLayout", "N.OtherLayout"], run.LayoutClasses);
        Assert.Equal(1, run.RecordsChecked);
        Assert.Equal(3, run.Checked.Count());
        Assert.Equal(["demo.flags:width"], run.NotBound.Select(r => r.Symbol));
        var mismatch = Assert.Single(run.Mismatches);
        Assert.Equal("record demo, member addr: offset 8 in .NET, 12 by the C compiler", mismatch.ToString());
    }

    [Fact]
    public void A_runner_that_stopped_early_is_an_error_not_an_empty_result()
    {
        var e = Assert.Throws<FormatException>(() =>
            EmulatedLayoutRun.Parse("arch\tArm64\t2\nclass\tN.DemoLayout\nrow\tdemo\t16\t16\n", TimeSpan.Zero));
        Assert.Contains("before its 'done' line", e.Message);
    }

    /// <summary>Replaces the value in <paramref name="column"/> of the first matching row with a wrong one.</summary>
    private static string BreakFirst(string text, Regex row, string suffix, int column, List<(string, long, long)> broken)
    {
        foreach (Match m in row.Matches(text))
        {
            var values = m.Groups["values"].Value.Split(", ").Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            if (values[column] < 0)
            {
                continue;
            }

            var right = values[column];
            values[column] = right + 3;
            broken.Add((m.Groups["symbol"].Value + suffix, right, values[column]));
            var group = m.Groups["values"];
            return text[..group.Index] + string.Join(", ", values) + text[(group.Index + group.Length)..];
        }
        return text;
    }

    [GeneratedRegex(@"LayoutCheck\.Offset\(rows, ""(?<symbol>[^""]+)"", [^\n]*, a, \[(?<values>[-0-9, ]+)\]\);")]
    private static partial Regex OffsetRow();

    /// <summary>A bitfield row's first-bit table (the one before its width table).</summary>
    [GeneratedRegex(@"LayoutCheck\.Bits\(rows, ""(?<symbol>[^""]+)"", [^\n]*, a, \[(?<values>[-0-9, ]+)\], \[[-0-9, ]+\]\);")]
    private static partial Regex BitRow();
}
