using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AccelInterop.Testing.Emulation;

/// <summary>
/// Publishes tests/Support/AccelInterop.LayoutRunner self-contained for one runtime identifier into
/// artifacts/layout-runner/&lt;rid&gt;/, once: a stamp (SDK version plus the content of the runner's files and
/// of the runtime assembly it references) skips the publish while nothing changed, and a lock file keeps
/// two test processes from publishing the same folder at once. A runtime identifier whose runtime pack
/// the package registry does not serve is remembered for that SDK, so it is asked for only once.
/// </summary>
internal sealed partial class LayoutRunnerBuild
{
    private const string Project = "tests/Support/AccelInterop.LayoutRunner/AccelInterop.LayoutRunner.csproj";
    private const string ExecutableName = "AccelInterop.LayoutRunner";
    private static readonly TimeSpan PublishLimit = TimeSpan.FromMinutes(8);
    private static readonly Lazy<string> SdkVersion = new(() =>
        ChildProcess.Run(Dotnet, ["--version"], TimeSpan.FromMinutes(1), dropInherited: IsMSBuildSetting).StandardOutput.Trim());

    private LayoutRunnerBuild(string? executable, string? unavailable, string outcome)
    {
        Executable = executable;
        Unavailable = unavailable;
        Outcome = outcome;
    }

    /// <summary>The published runner (an ELF executable for the runtime identifier's architecture).</summary>
    public string? Executable { get; }

    /// <summary>Why there is no runner for this runtime identifier here (the registry error), or null.</summary>
    public string? Unavailable { get; }

    /// <summary>What this call did: "published in N s", "up to date", or "not served".</summary>
    public string Outcome { get; }

    /// <summary>The AccelInterop.Runtime this process (and so the generated code it compiles) uses.</summary>
    private static string RuntimeAssembly => typeof(AccelInterop.Runtime.Ioctl.IoctlArchitecture).Assembly.Location;

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public static LayoutRunnerBuild For(string runtimeIdentifier)
    {
        var folder = Path.Combine(Checkout.Artifacts, "layout-runner", runtimeIdentifier);
        var publish = Path.Combine(folder, "publish");
        var executable = Path.Combine(publish, ExecutableName);
        var stampFile = Path.Combine(folder, "stamp");
        var notServedFile = Path.Combine(folder, "not-served");
        Directory.CreateDirectory(folder);
        using var _ = FolderLock.Take(folder + ".lock");

        var sdk = SdkVersion.Value;
        if (File.Exists(notServedFile) && File.ReadAllLines(notServedFile) is [var forSdk, var reason, ..] && forSdk == sdk)
            return new LayoutRunnerBuild(null, reason, "not served");
        var stamp = Stamp(sdk, runtimeIdentifier);
        if (File.Exists(executable) && File.Exists(stampFile) && File.ReadAllText(stampFile) == stamp)
            return new LayoutRunnerBuild(executable, null, "up to date");

        File.Delete(stampFile);
        var result = ChildProcess.Run(Dotnet,
            ["publish", Path.Combine(Checkout.Root, Project), "-c", "Release", "-r", runtimeIdentifier, "--self-contained",
             "-o", publish, "--artifacts-path", Path.Combine(folder, "build"), $"-p:AccelInteropRuntimeAssembly={RuntimeAssembly}",
             "--nologo", "-v", "q", "-clp:ErrorsOnly", "-nodeReuse:false", "-p:UseSharedCompilation=false",
             // Only Microsoft.NETCore.App's packs: nothing here uses ASP.NET Core, whose runtime pack restore would fetch too.
             "-p:DisableTransitiveFrameworkReferenceDownloads=true"],
            PublishLimit, dropInherited: IsMSBuildSetting);
        if (result.ExitCode != 0)
        {
            // Only "this runtime identifier has no runtime pack or apphost here" is a reason to skip;
            // any other failure (a compile error in the runner or the runtime) fails the caller.
            var missing = NotServed().Matches(result.Output).OrderBy(m => m.Value.Contains("NETCore.App", StringComparison.Ordinal) ? 0 : 1).FirstOrDefault();
            if (missing != null)
            {
                WriteAtomically(notServedFile, $"{sdk}\n{missing.Value}\n");
                return new LayoutRunnerBuild(null, missing.Value, "not served");
            }
            throw new InvalidOperationException($"dotnet publish of the layout runner for {runtimeIdentifier} failed ({result.ExitCode}):\n{result.Output}");
        }
        WriteAtomically(stampFile, stamp);
        return new LayoutRunnerBuild(executable, null, $"published in {result.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>NU1101/NU1102: the registry has no (such version of a) runtime pack; NETSDK1083/1084: the SDK knows no pack or apphost for the identifier.</summary>
    [GeneratedRegex(@"(NU110[12]|NETSDK108[34]): .*?\.(?=\s|$)")]
    private static partial Regex NotServed();

    private static bool IsMSBuildSetting(string name) => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase);

    private static string Stamp(string sdk, string runtimeIdentifier)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Add(sdk);
        Add(runtimeIdentifier);
        foreach (var file in Inputs().Order(StringComparer.Ordinal))
        {
            Add(Path.GetRelativePath(Checkout.Root, file));
            hash.AppendData(File.ReadAllBytes(file));
        }
        // By content only: each test project has its own copy of the same build.
        Add(Path.GetFileName(RuntimeAssembly));
        hash.AppendData(File.ReadAllBytes(RuntimeAssembly));
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>The checkout's files the publish reads: the runner's folder and the shared build settings.</summary>
    private static HashSet<string> Inputs()
    {
        var runner = Path.GetDirectoryName(Path.Combine(Checkout.Root, Project))!;
        var files = Directory.EnumerateFiles(runner, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(runner, f).Split(Path.DirectorySeparatorChar) is not ["bin" or "obj", ..])
            .Concat(Directory.EnumerateFiles(Path.Combine(Checkout.Root, "eng"), "*.props"))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var name in new[] { "Directory.Build.props", "Directory.Packages.props", "nuget.config", "global.json" })
            if (File.Exists(Path.Combine(Checkout.Root, name))) files.Add(Path.Combine(Checkout.Root, name));
        return files;
    }

    private static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
