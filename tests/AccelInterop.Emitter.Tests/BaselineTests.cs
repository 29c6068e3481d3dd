using AccelInterop.Model;
using AccelInterop.Model.Annotations;
using AccelInterop.Model.Serialization;
using AccelInterop.Model.Targets;
using Xunit.Abstractions;

namespace AccelInterop.Emitter.Tests;

/// <summary>
/// Emitter output for our own small headers (Baselines/*.h) is checked in next to them and
/// compared byte for byte; <c>UPDATE_BASELINES=1</c> rewrites it. The same output is compiled,
/// layout-checked, and its bitfield accessors compared with gcc's bit placement.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class BaselineTests(ITestOutputHelper output)
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_BASELINES") == "1";

    private static List<string> HeaderNames() =>
        Directory.GetFiles(RepoPaths.Baselines, "*.h").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Headers() => new(HeaderNames());

    internal static (UapiModel Model, EmitterOptions Options, EmitResult Result) Emit(string name)
    {
        var modelPath = Path.Combine(Path.GetTempPath(), $"accelinterop-baseline-{name}-{Guid.NewGuid():N}.json");
        try
        {
            // Included by name through -I, so the model names the header "demo_accel.h" wherever the checkout is.
            var scan = AccelgenRun.Of("scan", "-I", RepoPaths.Baselines, "--header", name + ".h", "--target", "all", "--out", modelPath);
            Assert.True(scan.ExitCode == 0, scan.Stderr);
            var model = ModelReader.Read(File.ReadAllText(modelPath));
            var options = EmitterOptions.For(name, "Baselines");
            // A demo header's reviewed facts sit beside it; one without them binds no ABI attributes.
            var factsPath = Path.Combine(RepoPaths.Baselines, name + ".facts.json");
            var facts = File.Exists(factsPath) ? AbiFactsReader.Read(File.ReadAllText(factsPath), model) : AbiFacts.None;
            return (model, options, UapiEmitter.Emit(model, facts, options));
        }
        finally { File.Delete(modelPath); }
    }

    [Theory]
    [MemberData(nameof(Headers))]
    public void Emitter_output_equals_the_checked_in_baseline(string name)
    {
        var (_, _, result) = Emit(name);
        var dir = Path.Combine(RepoPaths.Baselines, name);
        if (Update)
        {
            Directory.CreateDirectory(dir);
            foreach (var s in result.Sources)
            {
                Headers_AtomicWrite(Path.Combine(dir, s.FileName), s.Text);
            }

            File.WriteAllText(Path.Combine(dir, "notes.txt"), string.Join("\n", result.Notes) + "\n");
            output.WriteLine($"rewrote {dir}");
            return;
        }
        foreach (var s in result.Sources)
        {
            var path = Path.Combine(dir, s.FileName);
            Assert.True(File.Exists(path), $"{path} missing; run with UPDATE_BASELINES=1");
            Assert.True(File.ReadAllText(path) == s.Text, $"{path} differs from the emitter's output; review and run with UPDATE_BASELINES=1");
        }
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "notes.txt")), string.Join("\n", result.Notes) + "\n");
        Assert.Equal(result.Sources.Count, Directory.GetFiles(dir, "*.g.cs").Length);
    }

    private static void Headers_AtomicWrite(string path, string text) => AccelInterop.Headers.AtomicFile.WriteAllText(path, text);

    [SkippableFact]
    public void Baselines_compile_and_match_the_model_and_gcc()
    {
        var emitted = HeaderNames().Select(h => (Name: h, Emitted: Emit(h))).ToList();
        var compilation = GeneratedCompiler.Compile("Baselines",
            emitted.SelectMany(e => e.Emitted.Result.Sources.Select(s => ($"{e.Name}/{s.FileName}", s.Text))).Append(("probe.cs", BitfieldProbe)));
        Assert.True(compilation.Image != null && !compilation.Problems.Any(), GeneratedCompiler.Describe(compilation.Problems));
        var assembly = GeneratedCompiler.Load(compilation.Image!);
        foreach (var (name, (model, options, _)) in emitted)
        {
            var rows = LayoutRows.Run(assembly, $"{options.Namespace}.{options.ClassName}Layout");
            Assert.Empty(rows.Mismatches);
            // Bitfield rows (first bit and width from the record start, per the model) ran too.
            var bitfields = model.Records.SelectMany(r => r.Fields).Count(f => f.Bitfield != null && f.Name != null);
            Assert.Equal(2 * bitfields, rows.Checked.Count(r => r.Symbol.EndsWith(":bit", StringComparison.Ordinal) || r.Symbol.EndsWith(":width", StringComparison.Ordinal)));
            if (!CLayoutProbe.Available)
            {
                continue;
            }

            var gcc = CLayoutProbe.Measure(model, rows.Checked.Select(r => r.Symbol), [RepoPaths.Baselines]);
            foreach (var row in rows.Checked.Where(r => gcc.ContainsKey(r.Symbol)))
            {
                Assert.True(gcc[row.Symbol] == row.Actual, $"{row.Symbol}: C# {row.Actual}, gcc {gcc[row.Symbol]}");
            }

            output.WriteLine($"{name}: {rows.Checked.Count} rows equal the model, {gcc.Count} of them also gcc");
        }
        // The model half ran above; without gcc the comparison with a real compiler did not.
        Skip.IfNot(CLayoutProbe.Available, CLayoutProbe.Unavailable);
        var probe = assembly.GetType("BitfieldProbe")!;
        var csharp = (string)probe.GetMethod("Run")!.Invoke(null, null)!;
        Assert.Equal(GccBitfields(), csharp);
        output.WriteLine("bitfields: " + csharp);
    }

    // Sets the bitfields of demo_engine_desc (a negative value into the signed one), then
    // prints the record's bytes and the values read back: C# and gcc must print the same.
    private const string BitfieldProbe = """
        using System.Runtime.InteropServices;
        using Baselines.DemoAccel;
        public static class BitfieldProbe
        {
            public static string Run()
            {
                var d = default(demo_engine_desc);
                d.kind = 2; d.priority = 9; d.bias = -3; d.enabled = 1; d.doorbell = 0x11223344;
                var bytes = MemoryMarshal.AsBytes(new System.Span<demo_engine_desc>(ref d)).ToArray();
                return System.Convert.ToHexString(bytes).ToLowerInvariant() + $" {d.priority} {d.bias} {d.enabled}";
            }
        }
        """;

    private static string GccBitfields()
    {
        const string c = """
            #include <stdio.h>
            #include <string.h>
            #include <demo_accel.h>
            int main(void) {
                struct demo_engine_desc d;
                memset(&d, 0, sizeof d);
                d.kind = 2; d.priority = 9; d.bias = -3; d.enabled = 1; d.doorbell = 0x11223344;
                const unsigned char *p = (const unsigned char *)&d;
                for (size_t i = 0; i < sizeof d; i++) printf("%02x", p[i]);
                printf(" %u %d %u", (unsigned)d.priority, (int)d.bias, (unsigned)d.enabled);
                return 0;
            }
            """;
        var dir = Directory.CreateTempSubdirectory("accelinterop-bits-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "bits.c"), c);
            RunTool("gcc", "-I", RepoPaths.Baselines, "-I", Path.Combine(RepoPaths.UpstreamInclude, LinuxTargets.Current!.MultiarchDir),
                "-I", RepoPaths.UpstreamInclude, "-o", Path.Combine(dir, "bits"), Path.Combine(dir, "bits.c"));
            return RunTool(Path.Combine(dir, "bits"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static string RunTool(string file, params string[] args) => ChildProcess.Output(file, args);

    [Fact]
    public void A_layout_dotnet_cannot_reproduce_leaves_that_architecture_without_the_request()
    {
        var (model, _, result) = Emit("demo_abi32");
        Assert.Contains(result.Notes, n => n.Contains($"demo_aligned_u64: layout not reproducible on {LinuxTargets.I386.Triple}"));
        var ioctls = result.Sources.Single(s => s.FileName.EndsWith(".Ioctls.g.cs", StringComparison.Ordinal)).Text;
        var request = model.Ioctls.Single(i => i.Name == "DEMO_IOCTL_ALIGNED");
        // x86_64 and arm keep their numbers; i386 (index 1) has none, so the property throws there.
        Assert.Contains($"s_DEMO_IOCTL_ALIGNED = new ulong?[] {{ 0x{(ulong)request.Request.For(LinuxTargets.X86_64.Triple):X}, null, ", ioctls);
    }

    [Fact]
    public void An_architecture_without_a_number_gets_a_clear_PlatformNotSupportedException()
    {
        var e = Assert.Throws<PlatformNotSupportedException>(() =>
            AccelInterop.Runtime.Ioctl.IoctlArchitecture.Select("DEMO_IOCTL_X", new ulong?[8]));
        Assert.Contains("DEMO_IOCTL_X", e.Message);
        Assert.Contains(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(), e.Message);
    }
}
