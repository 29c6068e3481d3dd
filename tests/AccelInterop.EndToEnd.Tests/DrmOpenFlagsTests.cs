using System.Numerics;
using AccelInterop.Model.Serialization;
using AccelInterop.Model.Targets;

namespace AccelInterop.EndToEnd.Tests;

/// <summary>
/// drm.h defines DRM_CLOEXEC and DRM_RDWR as O_CLOEXEC and O_RDWR, which a C user has from &lt;fcntl.h&gt;. The
/// committed drm model is scanned after the kernel's &lt;linux/fcntl.h&gt; for each target (its check, against
/// gcc and clang per target, is UapiConformanceTests'); here its host values meet the C library's own.
/// </summary>
public sealed class DrmOpenFlagsTests
{
    [Fact]
    public void The_committed_drm_model_binds_the_open_flags_on_every_target_with_the_c_librarys_values()
    {
        var model = ModelReader.Read(File.ReadAllText(Path.Combine(UapiHeaders.Cache.RepoRoot, "headers", "models", "drm.uapi.json")));
        Assert.Equal(["linux/fcntl.h"], model.Includes);
        var cloexec = model.Constants.Single(c => c.Name == "DRM_CLOEXEC");
        var rdwr = model.Constants.Single(c => c.Name == "DRM_RDWR");
        Assert.Null(cloexec.Targets);
        Assert.Null(rdwr.Targets);

        var host = LinuxTargets.Current!.Triple;
        var libc = Glibc("O_CLOEXEC", "O_RDWR");
        Assert.Equal(libc["O_CLOEXEC"], cloexec.Value.For(host));
        Assert.Equal(libc["O_RDWR"], rdwr.Value.For(host));
    }

    /// <summary>The values the host's C library gives (gcc, &lt;fcntl.h&gt;).</summary>
    private static Dictionary<string, BigInteger> Glibc(params string[] names)
    {
        var dir = Directory.CreateTempSubdirectory("ai-fcntl-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "f.c"), "#include <fcntl.h>\n#include <stdio.h>\nint main(void)\n{\n" +
                string.Concat(names.Select(n => $"    printf(\"{n} %lld\\n\", (long long){n});\n")) + "    return 0;\n}\n");
            Run("gcc", dir, "-o", "f", "f.c");
            return Run(Path.Combine(dir, "f"), dir).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => BigInteger.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static string Run(string file, string dir, params string[] args) =>
        ChildProcess.Output(file, args, environment: ChildProcess.CLocale, workingDirectory: dir);
}
