using System.Reflection;
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Testing.Emulation;
using Xunit.Abstractions;

namespace AccelInterop.Emitter.Tests;

/// <summary>
/// The generated layout self-checks run where they matter: on each other architecture the tables
/// have a column for, that architecture's .NET runtime lays out the generated structs (under
/// qemu-user) and every size, offset and bitfield is compared with what the C compiler gave the
/// scanner for that target. Architectures without an emulator or a runtime pack are skipped with why.
/// </summary>
public sealed class EmulatedLayoutTests(CommittedUapis uapis, ITestOutputHelper output) : IClassFixture<CommittedUapis>
{
    public static TheoryData<Architecture> Foreign => new(EmulatedLayoutCheck.Foreign);

    [SkippableTheory]
    [MemberData(nameof(Foreign))]
    public void The_committed_uapis_have_the_compilers_layout_on(Architecture architecture)
    {
        var check = Prepared(architecture);
        Assert.True(uapis.Compilation.Image != null, GeneratedCompiler.Describe(uapis.Compilation.Problems));
        AssertLayoutsHold(check, "AccelInterop.Uapi.Generated", uapis.Compilation.Image!,
            uapis.Models.Values.Select(m => $"{m.Options.Namespace}.{m.Options.ClassName}Layout"));
    }

    [SkippableTheory]
    [MemberData(nameof(Foreign))]
    public void Every_drm_header_has_the_compilers_layout_on(Architecture architecture)
    {
        var check = Prepared(architecture);
        var drm = HeaderFolderBindings.Drm.Value;
        Assert.True(drm.Compilation.Image != null, GeneratedCompiler.Describe(drm.Compilation.Problems));
        output.WriteLine($"include/drm: {drm.Headers.Count} headers, {drm.Emitted.Count} scanned");
        AssertLayoutsHold(check, drm.AssemblyName, drm.Compilation.Image!,
            drm.Emitted.Select(e => $"{e.Options.Namespace}.{e.Options.ClassName}Layout"));
    }

    private EmulatedLayoutCheck Prepared(Architecture architecture)
    {
        var check = EmulatedLayoutCheck.For(architecture);
        output.WriteLine($"layout runner for {EmulatedLayoutCheck.RuntimeIdentifier(architecture)}: {check.Build}");
        Skip.If(check.Unavailable != null, check.Unavailable);
        return check;
    }

    private void AssertLayoutsHold(EmulatedLayoutCheck check, string assemblyName, byte[] image, IEnumerable<string> layoutClasses)
    {
        var run = check.Run(assemblyName, image);
        output.WriteLine(run.Summary);
        Assert.Empty(run.Errors);
        Assert.Equal(layoutClasses.Order(StringComparer.Ordinal), run.LayoutClasses.Order(StringComparer.Ordinal));

        // The emulated run checked exactly the rows the tables hold for its column: read the same
        // tables here (Check(column) pairs them with this machine's values) and compare row for row.
        var column = IoctlArchitecture.Order.IndexOf(check.Architecture);
        var here = GeneratedCompiler.Load(image);
        var tables = run.LayoutClasses.SelectMany(c => Rows(here, c, column)).ToList();
        Assert.Equal(tables.Select(r => (r.Symbol, r.Expected)), run.Rows.Select(r => (r.Symbol, r.Expected)));
        Assert.True(run.Checked.Any(), "no layout row has an expected value for " + check.Architecture);

        // How much the other architecture's column says something this machine's does not.
        var hostColumn = IoctlArchitecture.Current;
        var differing = run.LayoutClasses.SelectMany(c => Rows(here, c, hostColumn)).Zip(tables)
            .Count(p => p.Second.Expected >= 0 && p.First.Expected != p.Second.Expected);
        output.WriteLine($"{differing} checked rows where the compiler's {check.Architecture} value differs from its " +
                         $"{RuntimeInformation.ProcessArchitecture} value");

        var mismatches = run.Mismatches.ToList();
        Assert.True(mismatches.Count == 0,
            $"{mismatches.Count} layout rows where .NET on {check.Architecture} differs from the C compiler:\n" + string.Join("\n", mismatches));
    }

    private static List<(string Symbol, long Actual, long Expected)> Rows(Assembly assembly, string layoutClass, int column) =>
        (List<(string Symbol, long Actual, long Expected)>)assembly.GetType(layoutClass, throwOnError: true)!
            .GetMethod("Check", [typeof(int)])!.Invoke(null, [column])!;
}
