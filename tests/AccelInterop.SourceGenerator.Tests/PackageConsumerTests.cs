using System.Diagnostics;
using System.IO.Compression;

namespace AccelInterop.SourceGenerator.Tests;

/// <summary>
/// Packs the generator+analyzers package and the runtime into a local feed and builds a fresh
/// console app against them, as a user would (about a minute: two packs, one restore, one build).
/// </summary>
public class PackageConsumerTests
{
    private const string Program = """
        using AccelInterop.Uapi.Xe;

        var create = new drm_xe_gem_create { size = 4096 };
        create.pad[0] = 1;
        System.Console.WriteLine(Xe.DRM_IOCTL_XE_GEM_CREATE.Name + " " + create.size);
        """;

    [Fact]
    public void A_fresh_app_builds_from_the_local_feed_and_gets_a_uapi_diagnostic_on_the_pad_write()
    {
        var dir = Directory.CreateTempSubdirectory("accelinterop-consumer-").FullName;
        try
        {
            var feed = Path.Combine(dir, "feed");
            foreach (var project in new[] { "src/Generator/AccelInterop.Generators", "src/Runtime/AccelInterop.Runtime" })
                Dotnet(RepoFiles.Root, "pack", Path.Combine(RepoFiles.Root, project), "-o", feed);
            AssertLayout(Path.Combine(feed, "AccelInterop.Generators.0.1.0.nupkg"));

            var app = Path.Combine(dir, "app");
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources><clear /><add key="local" value="{feed}" /></packageSources>
                </configuration>
                """);
            // Its own packages folder: the machine's cache may hold an older 0.1.0.
            File.WriteAllText(Path.Combine(app, "App.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <RestorePackagesPath>$(MSBuildThisFileDirectory)packages</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="AccelInterop.Generators" Version="0.1.0" />
                    <PackageReference Include="AccelInterop.Runtime" Version="0.1.0" />
                    <AdditionalFiles Include="AccelInterop.txt" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "AccelInterop.txt"), "drm_xe_gem_create\nDRM_IOCTL_XE_GEM_CREATE\n");
            File.WriteAllText(Path.Combine(app, "Program.cs"), Program);

            var build = Dotnet(app, "build", "-o", Path.Combine(app, "out"));
            var line = $"{Path.Combine(app, "Program.cs")}(4,1): warning UAPI0001";
            Assert.True(build.Contains(line, StringComparison.Ordinal), build);

            var run = Dotnet(app, Path.Combine(app, "out", "App.dll"));
            Assert.Equal("DRM_IOCTL_XE_GEM_CREATE 4096", run.Trim());

            // pad is __u16[3] (an inline array), so `pad = 1` does not compile; the analyzer still names the ABI mistake at that line.
            File.WriteAllText(Path.Combine(app, "Program.cs"), Program.Replace("create.pad[0] = 1;", "create.pad = 1;"));
            var bad = Dotnet(app, expectSuccess: false, "build", "-o", Path.Combine(app, "out"));
            Assert.True(bad.Contains(line, StringComparison.Ordinal) && bad.Contains("error CS0029", StringComparison.Ordinal), bad);
        }
        finally { Directory.Delete(dir, true); }
    }

    private static void AssertLayout(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var dll in new[] { "AccelInterop.SourceGenerator", "AccelInterop.Emitter", "AccelInterop.Model", "Scriban.Signed",
                     "AccelInterop.Analyzers", "AccelInterop.Analyzers.CodeFixes" })
            Assert.Contains($"analyzers/dotnet/cs/{dll}.dll", names);
        Assert.DoesNotContain(names, n => n.StartsWith("lib/", StringComparison.Ordinal));
        Assert.Contains("README.md", names);
    }

    /// <summary>Runs dotnet and returns its output; fails the test on an unexpected exit code.</summary>
    private static string Dotnet(string workingDirectory, params string[] args) => Dotnet(workingDirectory, expectSuccess: true, args);

    private static string Dotnet(string workingDirectory, bool expectSuccess, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (args[0] is "build" or "pack")
            foreach (var a in new[] { "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false" }) start.ArgumentList.Add(a);
        // The test host's MSBuild settings must not leak into the child build.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var output = stdout.Result + stderr;
        Assert.True((process.ExitCode == 0) == expectSuccess, $"dotnet {string.Join(' ', args)} exited {process.ExitCode}\n{output}");
        return output;
    }
}
