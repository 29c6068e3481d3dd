using System.Text.RegularExpressions;
using AccelInterop.Emitter;
using AccelInterop.Emitter.Selection;

namespace AccelInterop.SourceGenerator.Tests;

/// <summary>
/// The dependency closure is complete when a record selected alone is emitted exactly as in the
/// full uAPI: same members, same ABI-fact attributes (flag families included), same docs.
/// </summary>
public class ClosureFidelityTests
{
    private static readonly Regex Struct = new(@"^public (?:unsafe )?partial struct (\w+)\n\{\n.*?^\}\n", RegexOptions.Multiline | RegexOptions.Singleline);

    private static Dictionary<string, string> Structs(UapiModelText text) =>
        Struct.Matches(text.Types).ToDictionary(m => m.Groups[1].Value, m => m.Value);

    private sealed record UapiModelText(string Types);

    private static UapiModelText Emit(NamedModel m) =>
        new(UapiEmitter.Emit(m, EmitterOptions.For(m.Name)).Sources.Single(s => s.FileName.EndsWith(".Types.g.cs", StringComparison.Ordinal)).Text);

    public static TheoryData<string> Uapis => new(EmbeddedModels.Names);

    [Theory]
    [MemberData(nameof(Uapis))]
    public void Every_record_selected_alone_is_emitted_as_in_the_full_uapi(string uapi)
    {
        var full = Structs(Emit(EmbeddedModels.Named(uapi)));
        Assert.NotEmpty(full);
        var differing = new List<string>();
        foreach (var record in EmbeddedModels.Get(uapi).Records.Where(r => !r.IsAnonymous))
        {
            var selected = UapiSelector.Select(EmbeddedModels.Models, SelectionFile.Parse(record.Id + "\n"));
            Assert.Empty(selected.Errors);
            var alone = Structs(Emit(selected.Models.Single()));
            foreach (var (name, text) in alone)
            {
                if (!full.TryGetValue(name, out var expected) || expected != text)
                {
                    differing.Add($"{record.Id}: {name}");
                }
            }

            Assert.Contains(alone.Keys, k => full.ContainsKey(k));
        }
        Assert.Empty(differing);
    }

    [Theory]
    [MemberData(nameof(Uapis))]
    public void Every_request_selected_alone_has_the_numbers_and_argument_of_the_full_uapi(string uapi)
    {
        static string Ioctls(NamedModel m) =>
            UapiEmitter.Emit(m, EmitterOptions.For(m.Name)).Sources.Single(s => s.FileName.EndsWith(".Ioctls.g.cs", StringComparison.Ordinal)).Text;
        var full = new HashSet<string>(Ioctls(EmbeddedModels.Named(uapi)).Split('\n'));
        var differing = new List<string>();
        foreach (var ioctl in EmbeddedModels.Get(uapi).Ioctls)
        {
            var selected = UapiSelector.Select(EmbeddedModels.Models, SelectionFile.Parse(ioctl.Name + "\n")).Models.Single();
            var lines = Ioctls(selected).Split('\n');
            Assert.Contains(lines, l => l.Contains(" " + ioctl.Name + " =>", StringComparison.Ordinal));
            differing.AddRange(lines.Where(l => !full.Contains(l)).Select(l => $"{ioctl.Name}: {l}"));
        }
        Assert.Empty(differing);
    }
}
