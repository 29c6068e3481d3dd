using AccelInterop.Model.Targets;
using Microsoft.CodeAnalysis;

namespace AccelInterop.SourceGenerator.Tests;

/// <summary>What the generator emits, compared with <c>accelgen generate</c> and compiled.</summary>
public class GeneratorOutputTests
{
    private const string GemCreate = "drm_xe_gem_create\nDRM_IOCTL_XE_GEM_CREATE\n";

    /// <summary>accelgen generate [--select] into a fresh folder: file name → text.</summary>
    private static Dictionary<string, string> Accelgen(string? selection, params string[] extra)
    {
        var dir = Directory.CreateTempSubdirectory("accelgen-sel-").FullName;
        try
        {
            var args = new List<string> { "generate", "--out", Path.Combine(dir, "out") };
            if (selection != null)
            {
                File.WriteAllText(Path.Combine(dir, "AccelInterop.txt"), selection);
                args.AddRange(["--select", Path.Combine(dir, "AccelInterop.txt")]);
            }
            args.AddRange(extra);
            var run = AccelgenRun.Of([.. args]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            return Directory.GetFiles(Path.Combine(dir, "out"), "*.g.cs", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_selection_is_byte_identical_to_accelgen_generate_select()
    {
        const string selection = "drm_xe_gem_create\nDRM_IOCTL_XE_GEM_CREATE\ndrm_xe_vm_bind\nDRM_IOCTL_SYNCOBJ_*\nVFIO_DEVICE_GET_INFO\n";
        var files = GeneratorHarness.Files(GeneratorHarness.Run(selection).Run);
        var cli = Accelgen(selection);
        Assert.Equal(cli.Keys.Order(), files.Keys.Order());
        foreach (var (name, text) in cli)
        {
            Assert.Equal(text, files[name]);
        }
    }

    [Fact]
    public void The_six_whole_uapis_are_byte_identical_to_accelgen_generate_without_selection()
    {
        var files = GeneratorHarness.Files(GeneratorHarness.Run("drm\namdxdna\nqda\nxe\nvfio\ndmabuf\n").Run);
        var cli = Accelgen(null);
        Assert.Equal(24, cli.Count);
        Assert.Equal(cli.Keys.Order(), files.Keys.Order());
        foreach (var (name, text) in cli)
        {
            Assert.Equal(text, files[name]);
        }
    }

    [Fact]
    public void Selected_bindings_compile_warning_free_with_the_runtime()
    {
        var (run, output) = GeneratorHarness.Run(GemCreate + "drm_xe_vm_bind_op\nDRM_IOCTL_AMDXDNA_*\nDRM_IOCTL_GEM_CLOSE\nVFIO_*\n");
        Assert.Empty(run.Diagnostics);
        Assert.Empty(GeneratorHarness.Problems(output));
        Assert.NotNull(output.GetTypeByMetadataName("AccelInterop.Uapi.Xe.drm_xe_gem_create"));
        Assert.Null(output.GetTypeByMetadataName("AccelInterop.Uapi.Xe.drm_xe_exec"));
    }

    [Fact]
    public void Unknown_names_are_reported_at_their_line_in_the_selection_file()
    {
        var (run, _) = GeneratorHarness.Run("drm_xe_gem_create\n\n// x\n  drm_xe_gem_craete\n");
        var d = Assert.Single(run.Diagnostics);
        Assert.Equal("UAPI1001", d.Id);
        Assert.Equal(GeneratorHarness.SelectionPath, d.Location.GetLineSpan().Path);
        Assert.Equal(3, d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("did you mean", d.GetMessage());
        Assert.Contains("drm_xe_gem_create", d.GetMessage());
        // The good line still generates.
        Assert.Contains("Xe.Types.g.cs", run.GeneratedSources.Select(s => s.HintName));
    }

    [Fact]
    public void Namespace_comes_from_the_msbuild_property()
    {
        var driver = GeneratorHarness.Driver([new MemoryText(GeneratorHarness.SelectionPath, GemCreate)],
            new Dictionary<string, string> { ["build_property.AccelInteropNamespace"] = "My.Bindings" });
        driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation("class C { }"), out var output, out _);
        Assert.NotNull(output.GetTypeByMetadataName("My.Bindings.Xe.drm_xe_gem_create"));
    }

    [Fact]
    public void Internal_visibility_matches_accelgen_and_hides_the_types()
    {
        const string selection = "drm_xe_vm_bind\nDRM_IOCTL_XE_VM_BIND\nDRM_IOCTL_GEM_CLOSE\n";
        var driver = GeneratorHarness.Driver([new MemoryText(GeneratorHarness.SelectionPath, selection)],
            new Dictionary<string, string> { ["build_property.AccelInteropVisibility"] = "internal" });
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation("class C { }"), out var output, out _);
        var files = GeneratorHarness.Files(driver.GetRunResult().Results.Single());
        var cli = Accelgen(selection, "--visibility", "internal");
        Assert.Equal(cli.Keys.Order(), files.Keys.Order());
        foreach (var (name, text) in cli)
        {
            Assert.Equal(text, files[name]);
        }

        Assert.Empty(GeneratorHarness.Problems(output));
        Assert.Equal(Microsoft.CodeAnalysis.Accessibility.Internal, output.GetTypeByMetadataName("AccelInterop.Uapi.Xe.drm_xe_vm_bind")!.DeclaredAccessibility);
        Assert.Equal(Microsoft.CodeAnalysis.Accessibility.Internal, output.GetTypeByMetadataName("AccelInterop.Uapi.Xe.Xe")!.DeclaredAccessibility);
        Assert.DoesNotContain(files.Values, t => t.Contains("\npublic ", StringComparison.Ordinal));
    }

    [Fact]
    public void Targets_keep_only_those_architectures_and_match_accelgen_target()
    {
        const string selection = "drm_xe_gem_create\nDRM_IOCTL_XE_GEM_CREATE\nDRM_IOCTL_GEM_CLOSE\n";
        var driver = GeneratorHarness.Driver([new MemoryText(GeneratorHarness.SelectionPath, selection)],
            new Dictionary<string, string> { ["build_property.AccelInteropTargets"] = "x86_64;aarch64;sparc64" });
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation("class C { }"), out var output, out _);
        var run = driver.GetRunResult().Results.Single();
        // sparc64 is in no model: one warning per uAPI touched, the others still apply.
        Assert.All(run.Diagnostics, d => Assert.Equal("UAPI1003", d.Id));
        Assert.Equal(2, run.Diagnostics.Length);
        var files = GeneratorHarness.Files(run);
        var cli = Accelgen(selection, "--target", "x86_64", "--target", "aarch64");
        Assert.Equal(cli.Keys.Order(), files.Keys.Order());
        foreach (var (name, text) in cli)
        {
            Assert.Equal(text, files[name]);
        }

        Assert.Empty(GeneratorHarness.Problems(output));
        Assert.Contains($"Targets: {LinuxTargets.X86_64.Triple}, {LinuxTargets.AArch64.Triple}.", files["Xe.Types.g.cs"]);
        Assert.NotEqual(Accelgen(selection)["Xe.Ioctls.g.cs"], files["Xe.Ioctls.g.cs"]);
    }

    [Fact]
    public void An_unknown_visibility_is_a_warning_and_public_is_kept()
    {
        var driver = GeneratorHarness.Driver([new MemoryText(GeneratorHarness.SelectionPath, GemCreate)],
            new Dictionary<string, string> { ["build_property.AccelInteropVisibility"] = "private" });
        var run = driver.RunGenerators(GeneratorHarness.Compilation("class C { }")).GetRunResult().Results.Single();
        Assert.Equal("UAPI1003", Assert.Single(run.Diagnostics).Id);
        Assert.Contains("\npublic partial struct drm_xe_gem_create", GeneratorHarness.Files(run)["Xe.Types.g.cs"]);
    }

    [Fact]
    public void A_user_model_replaces_the_embedded_one_and_a_bad_one_is_reported()
    {
        var xe = File.ReadAllText(Path.Combine(Checkout.Root, "headers", "models", "xe.uapi.json"));
        var renamed = xe.Replace("\"drm_xe_gem_create\"", "\"drm_xe_gem_create2\"");
        var (run, _) = GeneratorHarness.Run("drm_xe_gem_create2\n", new MemoryText("/app/models/xe.uapi.json", renamed));
        Assert.Empty(run.Diagnostics);
        Assert.Contains("drm_xe_gem_create2", GeneratorHarness.Files(run)["Xe.Types.g.cs"]);

        var (bad, _) = GeneratorHarness.Run("drm_xe_gem_create\n", new MemoryText("/app/models/mine.uapi.json", "{\n\"schema\": 1\n"));
        var d = Assert.Single(bad.Diagnostics);
        Assert.Equal("UAPI1002", d.Id);
        Assert.Equal("/app/models/mine.uapi.json", d.Location.GetLineSpan().Path);
    }

    [Fact]
    public void No_selection_file_generates_nothing()
    {
        var driver = GeneratorHarness.Driver([]);
        var run = driver.RunGenerators(GeneratorHarness.Compilation("class C { }")).GetRunResult().Results.Single();
        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.Diagnostics);
    }
}
