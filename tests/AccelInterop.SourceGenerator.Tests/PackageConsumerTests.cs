using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using AccelInterop.Runtime.Targets;
using Microsoft.CodeAnalysis;

namespace AccelInterop.SourceGenerator.Tests;

/// <summary>
/// Packs the generator+analyzers package, the runtime and the simulation into a local feed (once
/// for the class) and builds fresh console apps against them, as a user would: one on the runtime
/// alone, which gets no simulator, and ones running the NPU and VFIO samples on the simulation package.
/// </summary>
public class PackageConsumerTests(PackageConsumerTests.LocalFeed feed) : IClassFixture<PackageConsumerTests.LocalFeed>
{
    /// <summary>The three packages, packed from this checkout into a temporary folder.</summary>
    public sealed class LocalFeed : IDisposable
    {
        public LocalFeed()
        {
            Root = Directory.CreateTempSubdirectory("accelinterop-consumer-").FullName;
            Feed = Path.Combine(Root, "feed");
            foreach (var project in new[] { "src/Generator/AccelInterop.Generators", "src/Runtime/AccelInterop.Runtime", "src/Simulation/AccelInterop.Simulation" })
            {
                Dotnet(Checkout.Root, "pack", Path.Combine(Checkout.Root, project), "-o", Feed);
            }
        }

        public string Root { get; }
        public string Feed { get; }

        /// <summary>A new app folder using only the local feed, with its own packages folder (the machine's cache may hold an older 0.1.0).</summary>
        public string App(string name, string packageReferences, string properties = "")
        {
            var app = Path.Combine(Root, name);
            Directory.CreateDirectory(app);
            WriteNugetConfig(app);
            File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <RestorePackagesPath>$(MSBuildThisFileDirectory)packages</RestorePackagesPath>
                    {properties}
                  </PropertyGroup>
                  <ItemGroup>
                    {packageReferences}
                    <AdditionalFiles Include="AccelInterop.txt" />
                  </ItemGroup>
                </Project>
                """);
            return app;
        }

        /// <summary>A nuget.config in <paramref name="app"/> whose only source is the local feed.</summary>
        public void WriteNugetConfig(string app) => File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /><add key="local" value="{Feed}" /></packageSources>
            </configuration>
            """);

        public void Dispose() => Directory.Delete(Root, true);
    }

    private const string Program = """
        using AccelInterop.Uapi.Xe;

        var create = new drm_xe_gem_create { size = 4096 };
        create.pad[0] = 1;
        System.Console.WriteLine(Xe.DRM_IOCTL_XE_GEM_CREATE.Name + " " + create.size);
        """;

    [Fact]
    public void A_fresh_app_builds_from_the_local_feed_and_gets_a_uapi_diagnostic_on_the_pad_write()
    {
        AssertLayout(Path.Combine(feed.Feed, "AccelInterop.Generators.0.1.0.nupkg"));
        var app = feed.App("app", """
            <PackageReference Include="AccelInterop.Generators" Version="0.1.0" />
            <PackageReference Include="AccelInterop.Runtime" Version="0.1.0" />
            """);
        File.WriteAllText(Path.Combine(app, "AccelInterop.txt"), "drm_xe_gem_create\nDRM_IOCTL_XE_GEM_CREATE\n");
        File.WriteAllText(Path.Combine(app, "Program.cs"), Program);

        // Normal verbosity shows the compiler's command line, and with it which generator assemblies it loaded.
        var build = Dotnet(app, "build", "-o", Path.Combine(app, "out"), "-v:n");
        var line = $"{Path.Combine(app, "Program.cs")}(4,1): warning UAPI0001";
        Assert.True(build.Contains(line, StringComparison.Ordinal), build);
        AssertGeneratorAssemblies(build, ReadyToRunHost ? ReadyToRun.Folder : "analyzers/dotnet/cs/");

        var run = Dotnet(app, Path.Combine(app, "out", "App.dll"));
        Assert.Equal("DRM_IOCTL_XE_GEM_CREATE 4096", run.Trim());

        // An app on real devices ships the runtime only: no simulator in its output or its packages.
        Assert.False(File.Exists(Path.Combine(app, "out", "AccelInterop.Simulation.dll")));
        Assert.True(File.Exists(Path.Combine(app, "out", "AccelInterop.Runtime.dll")));
        Assert.False(Directory.Exists(Path.Combine(app, "packages", "accelinterop.simulation")));
        File.WriteAllText(Path.Combine(app, "Simulated.cs"), "static class Simulated { static object Kernel() => new AccelInterop.Simulation.Kernel.SimulatedKernel(); }\n");
        var withoutSimulator = Dotnet(app, expectSuccess: false, "build", "-o", Path.Combine(app, "out"));
        Assert.True(withoutSimulator.Contains("error CS0234", StringComparison.Ordinal), withoutSimulator);
        File.Delete(Path.Combine(app, "Simulated.cs"));

        // pad is __u16[3] (an inline array), so `pad = 1` does not compile; the analyzer still names the ABI mistake at that line.
        File.WriteAllText(Path.Combine(app, "Program.cs"), Program.Replace("create.pad[0] = 1;", "create.pad = 1;"));
        // Built from the IL assemblies (the opt-out), the analyzer and the generator say the same.
        var bad = Dotnet(app, expectSuccess: false, "build", "-o", Path.Combine(app, "out"), "-v:n", "-p:AccelInteropReadyToRun=false");
        Assert.True(bad.Contains(line, StringComparison.Ordinal) && bad.Contains("error CS0029", StringComparison.Ordinal), bad);
        AssertGeneratorAssemblies(bad, "analyzers/dotnet/cs/");
    }

    [Fact]
    public void An_app_referencing_the_simulation_package_runs_the_npu_sample()
    {
        string sample = Path.Combine(Checkout.Root, "samples", "AccelInterop.Samples.Npu");
        var app = feed.App("npu", """
            <PackageReference Include="AccelInterop.Generators" Version="0.1.0" />
            <PackageReference Include="AccelInterop.Simulation" Version="0.1.0" />
            """, "<AllowUnsafeBlocks>true</AllowUnsafeBlocks><AccelInteropNamespace>AccelInterop.Samples.Npu.Uapi</AccelInteropNamespace>");
        File.Copy(Path.Combine(sample, "Program.cs"), Path.Combine(app, "Program.cs"));
        File.Copy(Path.Combine(sample, "AccelInterop.txt"), Path.Combine(app, "AccelInterop.txt"));

        Dotnet(app, "build", "-o", Path.Combine(app, "out"));
        var run = Dotnet(app, Path.Combine(app, "out", "App.dll"));

        Assert.Contains("results correct", run, StringComparison.Ordinal);
        Assert.Contains("teardown:", run, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(app, "out", "AccelInterop.Runtime.dll"))); // the runtime comes with the simulation
    }

    [Fact]
    public void An_app_referencing_the_simulation_package_runs_the_vfio_sample_to_exit_0_with_every_count_zero()
    {
        string sample = Path.Combine(Checkout.Root, "samples", "AccelInterop.Samples.Vfio");
        var app = feed.App("vfio", """
            <PackageReference Include="AccelInterop.Generators" Version="0.1.0" />
            <PackageReference Include="AccelInterop.Simulation" Version="0.1.0" />
            """, "<AllowUnsafeBlocks>true</AllowUnsafeBlocks><AccelInteropNamespace>AccelInterop.Samples.Vfio.Uapi</AccelInteropNamespace>");
        File.Copy(Path.Combine(sample, "Program.cs"), Path.Combine(app, "Program.cs"));
        File.Copy(Path.Combine(sample, "AccelInterop.txt"), Path.Combine(app, "AccelInterop.txt"));

        Dotnet(app, "build", "-o", Path.Combine(app, "out"));
        var run = Dotnet(app, Path.Combine(app, "out", "App.dll")); // exit 0 is asserted here

        // What the sample says it does (its header comment): QEMU's edu answers, 10! is 3628800, the DMA
        // round trip comes back whole with its MSI, and the client's mapping faults after the revoke.
        Assert.Contains("edu: identification 0x010000ed", run, StringComparison.Ordinal);
        Assert.Contains("edu: liveness 0xcafe -> 0xffff3501", run, StringComparison.Ordinal);
        Assert.Contains("edu: 10! = 3628800", run, StringComparison.Ordinal);
        Assert.Contains("edu: DMA round trip through IOVA 0x100000: \"hello from the edu sample\", MSI eventfd In, count 1", run, StringComparison.Ordinal);
        Assert.Contains("driver: dma-buf revoked", run, StringComparison.Ordinal);
        Assert.Contains("client: next access faults:", run, StringComparison.Ordinal);
        // The sample exits 0 only when every count is back to zero (kernel.Counts.AllZero), and prints them.
        Assert.Contains("counts after exit: ", run, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_first_program_builds_and_runs_from_the_local_feed_as_written()
    {
        var files = ReadmeFirstProgram();
        Assert.Equal(["AccelInterop.txt", "Hello.csproj", "Program.cs"], files.Keys.Order(StringComparer.Ordinal));
        var app = Path.Combine(feed.Root, "readme");
        Directory.CreateDirectory(app);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(app, name), text);
        }
        // Not part of the README: the newcomer's own package source, and a packages folder of this app's own.
        feed.WriteNugetConfig(app);

        Dotnet(app, "build", "-o", Path.Combine(app, "out"), $"-p:RestorePackagesPath={Path.Combine(app, "packages")}");
        var run = Dotnet(app, Path.Combine(app, "out", "Hello.dll")).Trim();

        // The simulated NPU is the first accel node; its DRM driver answers as amdxdna_pci_drv.c:amdxdna_drm_drv does.
        Assert.Equal("/dev/accel/accel0: amdxdna_accel_driver 0.10", run);
    }

    [SkippableFact]
    public void The_packages_readytorun_copies_generate_what_its_il_assemblies_generate()
    {
        Skip.IfNot(ReadyToRunHost, $"the ReadyToRun copies are built and used on {ReadyToRun.Rid} only");
        using var zip = ZipFile.OpenRead(Path.Combine(feed.Feed, "AccelInterop.Generators.0.1.0.nupkg"));
        var selection = "drm\namdxdna\nqda\nxe\nvfio\ndmabuf\n";
        var il = GenerateWith(Extract(zip, "analyzers/dotnet/cs/", "il"), selection);
        var readyToRun = GenerateWith(Extract(zip, ReadyToRun.Folder, "readytorun"), selection);

        Assert.True(il.Count > 0);
        Assert.Equal(il.Keys.Order(StringComparer.Ordinal), readyToRun.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, text) in il)
        {
            Assert.True(text == readyToRun[name], $"{name} differs between the IL and the ReadyToRun generator");
        }
    }

    /// <summary>The host the ReadyToRun copies are built for and their folder, as eng/ReadyToRunGenerator.props sets them.</summary>
    private static readonly (string Rid, string Folder) ReadyToRun = ReadyToRunLayout();

    /// <summary>Where build/AccelInterop.Generators.targets takes the ReadyToRun copies: .NET's compiler on that host.</summary>
    private static bool ReadyToRunHost => OperatingSystem.IsLinux() && LinuxTargets.Current?.RuntimeIdentifier == ReadyToRun.Rid;

    private static (string Rid, string Folder) ReadyToRunLayout()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(Checkout.Root, "eng", "ReadyToRunGenerator.props"));
        string Property(string name) => props.Descendants(name).Single().Value;
        var rid = $"{Property("AccelInteropReadyToRunOs")}-{Property("AccelInteropReadyToRunArch")}";
        return (rid, Property("AccelInteropReadyToRunFolder").Replace("$(AccelInteropReadyToRunRid)", rid, StringComparison.Ordinal));
    }

    private static readonly string[] GeneratorAssemblies = ["AccelInterop.SourceGenerator", "AccelInterop.Emitter", "AccelInterop.Model"];

    /// <summary>The compiler's command line in <paramref name="buildLog"/> names each generator assembly under <paramref name="folder"/> of the package.</summary>
    private static void AssertGeneratorAssemblies(string buildLog, string folder)
    {
        foreach (var dll in GeneratorAssemblies)
        {
            Assert.True(buildLog.Contains($"/accelinterop.generators/0.1.0/{folder}{dll}.dll", StringComparison.Ordinal), $"the compiler did not load {folder}{dll}.dll:\n{buildLog}");
        }
    }

    private string Extract(ZipArchive zip, string folder, string name)
    {
        var dir = Path.Combine(feed.Root, "extracted", name);
        Directory.CreateDirectory(dir);
        foreach (var dll in GeneratorAssemblies)
        {
            zip.GetEntry($"{folder}{dll}.dll")!.ExtractToFile(Path.Combine(dir, dll + ".dll"), overwrite: true);
        }

        return dir;
    }

    /// <summary>Runs the generator loaded from <paramref name="dir"/> (its own load context; Roslyn and Scriban shared with this process).</summary>
    private static Dictionary<string, string> GenerateWith(string dir, string selection)
    {
        var context = new AssemblyLoadContext(dir);
        context.Resolving += (c, n) => File.Exists(Path.Combine(dir, n.Name + ".dll")) ? c.LoadFromAssemblyPath(Path.Combine(dir, n.Name + ".dll")) : null;
        var assembly = context.LoadFromAssemblyPath(Path.Combine(dir, "AccelInterop.SourceGenerator.dll"));
        var generator = (IIncrementalGenerator)Activator.CreateInstance(assembly.GetType(typeof(UapiBindingsGenerator).FullName!)!)!;
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], [new MemoryText(GeneratorHarness.SelectionPath, selection)])
            .RunGenerators(GeneratorHarness.Compilation("namespace App; public static class Marker { }"));
        var run = driver.GetRunResult().Results.Single();
        Assert.Empty(run.Diagnostics);
        return run.GeneratedSources.ToDictionary(g => g.HintName, g => g.SourceText.ToString());
    }

    /// <summary>The README's first program: each fenced block that follows a <c>first-program: FILE</c> marker.</summary>
    private static Dictionary<string, string> ReadmeFirstProgram()
    {
        var readme = File.ReadAllText(Path.Combine(Checkout.Root, "README.md"));
        var blocks = System.Text.RegularExpressions.Regex.Matches(readme, @"<!-- first-program: (?<file>\S+) -->\r?\n```[a-z]*\r?\n(?<text>.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline);
        return blocks.ToDictionary(m => m.Groups["file"].Value, m => m.Groups["text"].Value);
    }

    private static void AssertLayout(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var dll in new[] { "AccelInterop.SourceGenerator", "AccelInterop.Emitter", "AccelInterop.Model", "Scriban.Signed",
                     "AccelInterop.Analyzers", "AccelInterop.Analyzers.CodeFixes" })
        {
            Assert.Contains($"analyzers/dotnet/cs/{dll}.dll", names);
        }

        Assert.DoesNotContain(names, n => n.StartsWith("lib/", StringComparison.Ordinal));
        Assert.Contains("README.md", names);
        Assert.Contains("build/AccelInterop.Generators.targets", names);

        // Packed on the ReadyToRun host, the generator's assemblies come also compiled ReadyToRun: the same
        // assemblies (module version id) with precompiled code in them (a managed native header).
        Assert.Equal(ReadyToRunHost, names.Any(n => n.StartsWith(ReadyToRun.Folder, StringComparison.Ordinal)));
        if (ReadyToRunHost)
        {
            foreach (var dll in GeneratorAssemblies)
            {
                var (ilMvid, ilNative) = Inspect(zip, $"analyzers/dotnet/cs/{dll}.dll");
                var (r2rMvid, r2rNative) = Inspect(zip, $"{ReadyToRun.Folder}{dll}.dll");
                Assert.Equal(ilMvid, r2rMvid);
                Assert.False(ilNative, dll);
                Assert.True(r2rNative, dll);
            }
        }
    }

    /// <summary>An assembly's module version id and whether it carries ReadyToRun code.</summary>
    private static (Guid Mvid, bool ReadyToRun) Inspect(ZipArchive zip, string entry)
    {
        using var bytes = new MemoryStream();
        using (var s = zip.GetEntry(entry)!.Open())
        {
            s.CopyTo(bytes);
        }

        bytes.Position = 0;
        using var pe = new PEReader(bytes);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return (metadata.GetGuid(metadata.GetModuleDefinition().Mvid), pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0);
    }

    /// <summary>Runs dotnet and returns its output; fails the test on an unexpected exit code.</summary>
    private static string Dotnet(string workingDirectory, params string[] args) => Dotnet(workingDirectory, expectSuccess: true, args);

    private static string Dotnet(string workingDirectory, bool expectSuccess, params string[] args)
    {
        string[] build = args[0] is "build" or "pack" ? ["-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false"] : [];
        // The test host's MSBuild settings must not leak into the child build.
        var run = ChildProcess.Run("dotnet", [.. args, .. build], TimeSpan.FromMinutes(30),
            dropInherited: k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase), workingDirectory: workingDirectory);
        Assert.True((run.ExitCode == 0) == expectSuccess, $"dotnet {string.Join(' ', args)} exited {run.ExitCode}\n{run.Output}");
        return run.Output;
    }
}
