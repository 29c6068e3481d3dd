using System.Runtime.InteropServices;
using System.Text.Json;
using AccelInterop.Model.Targets;

namespace AccelInterop.Model.Tests;

/// <summary>
/// The target table against what knows its facts independently: the .NET runtime (architecture names,
/// the running process's runtime identifier), the SDK's runtime identifier graph, and its own lookups.
/// Its ioctl layouts are checked against the compiler in the scanner's tests.
/// </summary>
public sealed class LinuxTargetsTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var t in LinuxTargets.All)
        {
            data.Add(t.Triple);
            foreach (var a in t.Aliases)
            {
                data.Add(a);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_triple_and_alias_finds_its_target_whatever_the_case(string name)
    {
        var target = LinuxTargets.Find(name);
        Assert.NotNull(target);
        Assert.Same(target, LinuxTargets.Find(" " + name.ToUpperInvariant() + " "));
        Assert.Same(target, LinuxTargets.Find(target.Triple));
    }

    [Fact]
    public void Names_are_unambiguous_and_indexes_follow_the_order()
    {
        var names = LinuxTargets.All.SelectMany(t => t.Aliases.Prepend(t.Triple)).Select(n => n.ToLowerInvariant()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, LinuxTargets.All.Count), LinuxTargets.All.Select(t => t.Index));
        Assert.Equal(LinuxTargets.All.Count, LinuxTargets.All.Select(t => t.DotNetArchitecture).Distinct().Count());
    }

    [Theory]
    [InlineData("mips")]
    [InlineData("x32")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_names_find_nothing(string? name) => Assert.Null(LinuxTargets.Find(name));

    [Fact]
    public void A_triple_of_another_abi_of_a_known_architecture_finds_nothing()
    {
        Assert.Null(LinuxTargets.Find(LinuxTargets.X86_64.Triple + "x32"));
        var error = Assert.Throws<ArgumentException>(() => LinuxTargets.Parse(LinuxTargets.Arm.Triple[..^2]));
        Assert.Contains(LinuxTargets.ValidNames, error.Message);
    }

    [Fact]
    public void Every_dotnet_architecture_name_is_one_the_runtime_knows()
    {
        foreach (var t in LinuxTargets.All)
        {
            Assert.True(Enum.TryParse<Architecture>(t.DotNetArchitecture, out var architecture), t.DotNetArchitecture);
            Assert.Same(t, LinuxTargets.ForArchitecture(architecture));
        }
        Assert.Null(LinuxTargets.ForArchitecture(Architecture.Wasm));
    }

    [Fact]
    public void The_current_target_is_the_running_process()
    {
        var current = LinuxTargets.Current;
        Assert.NotNull(current);
        Assert.Same(current, LinuxTargets.ForArchitecture(RuntimeInformation.ProcessArchitecture));
        Assert.Equal(RuntimeInformation.RuntimeIdentifier, current.RuntimeIdentifier);
    }

    [Fact]
    public void Every_runtime_identifier_is_in_the_sdks_graph()
    {
        // <dotnet root>/shared/Microsoft.NETCore.App/<version>/ is where this runtime runs from; tests run under an SDK beside it.
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var graph = Directory.GetFiles(Path.Combine(dotnetRoot, "sdk"), "PortableRuntimeIdentifierGraph.json", SearchOption.AllDirectories)
            .OrderDescending(StringComparer.Ordinal).FirstOrDefault();
        Assert.True(graph != null, $"no .NET SDK under {dotnetRoot} to read the runtime identifier graph from");
        using var json = JsonDocument.Parse(File.ReadAllText(graph));
        var runtimes = json.RootElement.GetProperty("runtimes");
        foreach (var t in LinuxTargets.All)
        {
            Assert.True(runtimes.TryGetProperty(t.RuntimeIdentifier, out _), $"{t.RuntimeIdentifier} is not in {graph}");
        }
    }

    [Fact]
    public void Valid_names_list_every_triple() =>
        Assert.All(LinuxTargets.All, t => Assert.Contains(t.Triple, LinuxTargets.ValidNames));
}
