using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>
/// Loading the real libclang: once in this process (whatever the locator picks), and in child
/// processes forced to a given version through ACCELINTEROP_LIBCLANG, where the whole binding is
/// exercised against that version and checked against gcc.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class LibClangLoadTests
{
    [Fact]
    public void LoadsTheLocatedLibClangAndReportsItsVersion()
    {
        LibClangInstallation installation = LibClang.EnsureLoaded();

        Assert.Same(installation, LibClang.EnsureLoaded());
        Assert.True(File.Exists(installation.Path));
        Assert.True(File.Exists(Path.Combine(installation.ResourceDir, "include", "stddef.h")));
        Assert.Contains($"clang version {installation.MajorVersion}.", LibClang.VersionText, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadingIsSafeFromManyThreadsAtOnce()
    {
        LibClangInstallation[] seen = new LibClangInstallation[8];
        Parallel.For(0, seen.Length, i => seen[i] = LibClang.EnsureLoaded());

        Assert.All(seen, installation => Assert.Same(seen[0], installation));
    }

    [LibClangVersionFact(14)]
    public void LibClang14CanBeForced() => AssertChildUses(14);

    [LibClangVersionFact(19)]
    public void LibClang19CanBeForced() => AssertChildUses(19);

    [Fact]
    public void AMissingForcedLibClangIsAOneLineError()
    {
        ChildProcess.Result child = RunChild("/nonexistent/libclang-19.so.1");

        Assert.Equal(ChildProcessEntry.NotFoundExitCode, child.ExitCode);
        string message = KeyValueLines.Parse(child.StandardOutput)["notfound"];
        Assert.Equal("ACCELINTEROP_LIBCLANG=/nonexistent/libclang-19.so.1: no such file", message);
    }

    private static void AssertChildUses(int version)
    {
        string path = LibClangVersionFactAttribute.PathOf(version)!;
        ChildProcess.Result child = RunChild(path);
        Assert.True(child.ExitCode == 0, $"child exited {child.ExitCode}: {child.StandardOutput}{child.StandardError}");
        Dictionary<string, string> facts = KeyValueLines.Parse(child.StandardOutput);

        Assert.Equal(version.ToString(System.Globalization.CultureInfo.InvariantCulture), facts["major"]);
        Assert.Equal(path, facts["path"]);
        Assert.True(File.Exists(Path.Combine(facts["resourceDir"], "include", "stddef.h")));
        Assert.Contains($"clang version {version}.", facts["version"], StringComparison.Ordinal);
        Assert.Equal("0", facts["diagnostics"]);

        // libclang 14 numbers the root cursor 300, later versions 350: both read as TranslationUnit.
        Assert.Equal(nameof(CursorKind.TranslationUnit), facts["tuKind"]);

        Assert.Equal(GccLayoutProbe.Get("size.probe_record"), Int128.Parse(facts["size.probe_record"]));
        Assert.Equal(GccLayoutProbe.Get("align.probe_record"), Int128.Parse(facts["align.probe_record"]));
        Assert.Equal(GccLayoutProbe.Get("offset.probe_record.as_u64") * 8, Int128.Parse(facts["offsetbits.probe_record.as_u64"]));
        Assert.Equal(GccLayoutProbe.Get("bitoffset.probe_record.mid"), Int128.Parse(facts["bitoffset.probe_record.mid"]));
        Assert.Equal(GccLayoutProbe.Get("enum.PROBE_HIGH"), Int128.Parse(facts["enum.PROBE_HIGH"]));
        Assert.Equal($"Int:True:{GccLayoutProbe.Get("var.probe_all_ones")}", facts["eval.probe_all_ones"]);

        // Same names whatever the version spells for the anonymous union's implicit field.
        Assert.Equal("tag,,low,mid,high,after,named,count,flex", facts["fieldNames"]);
        Assert.Equal("1", facts["anonymousMemberFields"]);
        Assert.Equal("8", facts["childFieldDecls"]);
        Assert.Equal("PROBE_MAGIC ( ( 1ULL << 40 ) | 0x17 )", facts["tokens.PROBE_MAGIC"]);
        Assert.Equal("/accelinterop-virtual/child_broken.h:3:Error", facts["unsavedError"]);

        // libclang 16 wrapped every named type in Elaborated; NamedType hides the difference.
        string expectedValueType = version >= 16 ? "Elaborated>Typedef>UInt" : "Typedef>Typedef>UInt";
        Assert.Equal(expectedValueType, facts["valueType"]);
    }

    private static ChildProcess.Result RunChild(string libclangPath)
    {
        string assembly = typeof(ChildProcessEntry).Assembly.Location;
        return ChildProcess.Run(
            DotnetHost(),
            [assembly, ChildProcessEntry.Verb, Fixture.LayoutHeader, GccLayoutProbe.Triple],
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string?> { [LibClangLocator.EnvironmentVariable] = libclangPath });
    }

    /// <summary>The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH for test runs).</summary>
    private static string DotnetHost()
    {
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
    }
}
