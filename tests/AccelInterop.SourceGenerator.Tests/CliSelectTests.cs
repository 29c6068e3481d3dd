
namespace AccelInterop.SourceGenerator.Tests;

/// <summary><c>accelgen generate --select</c>: bad lines are file:line errors with suggestions, exit 2, nothing written.</summary>
public class CliSelectTests
{
    [Fact]
    public void Unknown_names_exit_2_with_every_bad_line_and_write_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("accelgen-select-").FullName;
        try
        {
            var selection = Path.Combine(dir, "AccelInterop.txt");
            File.WriteAllText(selection, "drm_xe_gem_create\n// ok\nDRM_IOCTL_XE_GEM_CRATE\nnot a name\n");
            var run = AccelgenRun.Of("generate", "--select", selection, "--out", Path.Combine(dir, "out"));
            Assert.Equal(2, run.ExitCode);
            var lines = run.ErrorLines;
            Assert.Contains(lines, l => l.StartsWith($"{selection}:3: error:", StringComparison.Ordinal) && l.Contains("did you mean DRM_IOCTL_XE_GEM_CREATE"));
            Assert.Contains(lines, l => l.StartsWith($"{selection}:4: error:", StringComparison.Ordinal));
            Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void The_generator_and_what_it_loads_never_reference_the_scanner()
    {
        // libclang is reached only through AccelInterop.Scanner; the compiler-side assemblies must not reference it.
        foreach (var assembly in new[] { typeof(UapiBindingsGenerator).Assembly, typeof(Emitter.UapiEmitter).Assembly, typeof(Model.UapiModel).Assembly })
        {
            Assert.DoesNotContain(assembly.GetReferencedAssemblies(), r => r.Name is "AccelInterop.Scanner" or "AccelInterop.Headers" or "AccelInterop.Conformance");
        }
    }
}
