using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AccelInterop.Testing.Emulation;

/// <summary>
/// Publishes tests/Support/AccelInterop.LayoutRunner self-contained for one runtime identifier into
/// artifacts/layout-runner/&lt;rid&gt;/, once: a stamp (SDK version plus the content of the runner's files and
/// of the runtime assembly it references) skips the publish while nothing changed, and a lock file keeps
/// two test processes from publishing the same folder at once. Runtime identifiers whose runtime pack the
/// package registry does not serve are found by one restore for all of them and remembered for that SDK.
/// </summary>
internal sealed partial class LayoutRunnerBuild
{
    private const string Project = "tests/Support/AccelInterop.LayoutRunner/AccelInterop.LayoutRunner.csproj";
    private const string ExecutableName = "AccelInterop.LayoutRunner";
    private static readonly TimeSpan PublishLimit = TimeSpan.FromMinutes(8);
    private static readonly Lazy<string> SdkVersion = new(() =>
        ChildProcess.Run(DotnetHost, ["--version"], TimeSpan.FromMinutes(1), dropInherited: IsMSBuildSetting).StandardOutput.Trim());

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

    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <param name="candidates">Every runtime identifier callers may ask for: the first call asks the registry about all
    /// of them in one restore, so each missing runtime pack costs one lookup per SDK instead of a failed publish.</param>
    public static LayoutRunnerBuild For(string runtimeIdentifier, IReadOnlyCollection<string> candidates)
    {
        var folder = Path.Combine(Root, runtimeIdentifier);
        var publish = Path.Combine(folder, "publish");
        var executable = Path.Combine(publish, ExecutableName);
        var stampFile = Path.Combine(folder, "stamp");
        ProbeOnce(candidates.Append(runtimeIdentifier).Distinct().ToList());
        Directory.CreateDirectory(folder);
        using var _ = FolderLock.Take(Path.Combine(folder, "lock"));

        if (NotServed(runtimeIdentifier) is { } reason)
        {
            return new LayoutRunnerBuild(null, reason, "not served");
        }

        var stamp = Stamp(SdkVersion.Value, runtimeIdentifier);
        if (File.Exists(executable) && File.Exists(stampFile) && File.ReadAllText(stampFile) == stamp)
        {
            return new LayoutRunnerBuild(executable, null, "up to date");
        }

        File.Delete(stampFile);
        var result = Dotnet(["publish", "-c", "Release", "-r", runtimeIdentifier, "--self-contained", "-o", publish, "--artifacts-path", Path.Combine(folder, "build")]);
        if (result.ExitCode != 0)
        {
            // Only "this runtime identifier has no runtime pack or apphost here" is a reason to skip;
            // any other failure (a compile error in the runner or the runtime) fails the caller.
            var missing = NotServedErrors().Matches(result.Output).OrderBy(m => m.Value.Contains("NETCore.App", StringComparison.Ordinal) ? 0 : 1).FirstOrDefault();
            if (missing == null)
            {
                throw new InvalidOperationException($"dotnet publish of the layout runner for {runtimeIdentifier} failed ({result.ExitCode}):\n{result.Output}");
            }

            RecordNotServed(runtimeIdentifier, missing.Value);
            return new LayoutRunnerBuild(null, missing.Value, "not served");
        }
        WriteAtomically(stampFile, stamp);
        return new LayoutRunnerBuild(executable, null, $"published in {result.Elapsed.TotalSeconds:0} s");
    }

    private static string Root => Path.Combine(Checkout.Artifacts, "layout-runner");

    /// <summary>One restore of the runner for all <paramref name="runtimeIdentifiers"/> (once per SDK): each runtime pack the registry lacks is recorded.</summary>
    private static void ProbeOnce(IReadOnlyList<string> runtimeIdentifiers)
    {
        Directory.CreateDirectory(Root);
        using var _ = FolderLock.Take(Path.Combine(Root, "probe-lock"));
        var probed = Path.Combine(Root, "probed");
        var key = SdkVersion.Value + " " + string.Join(' ', runtimeIdentifiers.Order(StringComparer.Ordinal));
        if (File.Exists(probed) && File.ReadAllText(probed) == key)
        {
            return;
        }

        var result = Dotnet(["restore", "-p:SelfContained=true", $"-p:RuntimeIdentifiers=\"{string.Join(';', runtimeIdentifiers)}\"",
            "--artifacts-path", Path.Combine(Root, "probe")]);
        var errors = NotServedErrors().Matches(result.Output).Select(m => m.Value).ToList();
        if (result.ExitCode != 0 && errors.Count == 0)
        {
            throw new InvalidOperationException($"dotnet restore of the layout runner for {string.Join(", ", runtimeIdentifiers)} failed ({result.ExitCode}):\n{result.Output}");
        }

        foreach (var rid in runtimeIdentifiers)
        {
            // "...Microsoft.NETCore.App.Runtime.linux-arm." names linux-arm, not linux-arm64.
            var missing = errors.Where(e => e.Contains($".{rid}.", StringComparison.Ordinal))
                .OrderBy(e => e.Contains("NETCore.App.Runtime", StringComparison.Ordinal) ? 0 : 1).FirstOrDefault();
            if (missing != null)
            {
                RecordNotServed(rid, missing);
            }
        }
        WriteAtomically(probed, key);
    }

    /// <summary>The registry's error for a runtime identifier it has no runtime pack for, recorded for this SDK; null when served or unknown.</summary>
    private static string? NotServed(string runtimeIdentifier)
    {
        var file = Path.Combine(Root, runtimeIdentifier, "not-served");
        return File.Exists(file) && File.ReadAllLines(file) is [var sdk, var reason, ..] && sdk == SdkVersion.Value ? reason : null;
    }

    private static void RecordNotServed(string runtimeIdentifier, string reason)
    {
        Directory.CreateDirectory(Path.Combine(Root, runtimeIdentifier));
        WriteAtomically(Path.Combine(Root, runtimeIdentifier, "not-served"), $"{SdkVersion.Value}\n{reason}\n");
    }

    /// <summary>dotnet VERB on the runner project, isolated from the test host's MSBuild settings and build servers.</summary>
    private static ChildProcess.Result Dotnet(IEnumerable<string> arguments) => ChildProcess.Run(DotnetHost,
        [.. arguments, Path.Combine(Checkout.Root, Project), $"-p:AccelInteropRuntimeAssembly={RuntimeAssembly}",
         "--nologo", "-v", "q", "-clp:ErrorsOnly", "-nodeReuse:false", "-p:UseSharedCompilation=false",
         // Only Microsoft.NETCore.App's packs: nothing here uses ASP.NET Core, whose runtime pack restore would fetch too.
         "-p:DisableTransitiveFrameworkReferenceDownloads=true"],
        PublishLimit, dropInherited: IsMSBuildSetting);

    /// <summary>NU1101/NU1102: the registry has no (such version of a) runtime pack; NETSDK1083/1084: the SDK knows no pack or apphost for the identifier.</summary>
    [GeneratedRegex(@"(NU110[12]|NETSDK108[34]): .*?\.(?=\s|$)")]
    private static partial Regex NotServedErrors();

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
        {
            if (File.Exists(Path.Combine(Checkout.Root, name)))
            {
                files.Add(Path.Combine(Checkout.Root, name));
            }
        }

        return files;
    }

    private static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
