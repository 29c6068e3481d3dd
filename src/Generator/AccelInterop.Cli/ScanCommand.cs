using System.Diagnostics;
using AccelInterop.Headers;
using AccelInterop.Model;
using AccelInterop.Model.Serialization;
using AccelInterop.Model.Targets;
using AccelInterop.Scanner.Scanning;

namespace AccelInterop.Cli;

/// <summary><c>accelgen scan</c>: headers → model.</summary>
internal static class ScanCommand
{
    private static readonly string Help = $"""
        usage: accelgen scan [HEADER...] [options]

        Scans uAPI headers with libclang, once per target, into one model (docs/model.md).
        With no header, scans the product's uAPIs (drm, amdxdna, qda, xe, vfio) into
        OUT/<name>.uapi.json (OUT defaults to generated/models).

        options:
          --out PATH        model file (default: stdout), or the folder for the default uAPIs
        {ScanOptions.HelpText}
        Targets default to all eight. Exit 0 on success, 2 on bad input (one line: file:line: error: ...).

        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (AccelgenApp.Help(args, stdout, Help))
        {
            return AccelgenApp.Ok;
        }

        var cl = CommandLine.Parse(args, [.. ScanOptions.ValueOptions, "--out"], []);
        var options = ScanOptions.From(cl, LinuxTargets.All);
        var source = SourceOf(options);
        var outPath = cl.Single("--out");
        if (options.Headers.Count > 0)
        {
            var model = UapiScanner.Scan(options.ToRequest(options.Headers, stderr), source);
            var json = ModelWriter.Write(model);
            if (outPath == null)
            {
                stdout.Write(json);
            }
            else
            {
                AtomicFile.WriteAllText(outPath, json);
            }

            Report(stderr, model, outPath ?? "stdout");
            return AccelgenApp.Ok;
        }

        if (options.Includes.Count > 0)
        {
            throw new UsageException("--include goes with the headers it is for; the product's uAPIs have their own");
        }

        var outDir = outPath ?? Path.Combine("generated", "models");
        var written = new List<(string Path, string Json, UapiModel Model)>();
        foreach (var uapi in UapiCatalog.Default)
        {
            var sw = Stopwatch.StartNew();
            var model = UapiScanner.Scan(options.ToRequest(uapi.Headers, stderr, uapi.Includes), source);
            written.Add((Path.Combine(outDir, uapi.Name + ModelFiles.ModelSuffix), ModelWriter.Write(model), model));
            stderr.WriteLine($"accelgen: scanned {uapi.Name} in {sw.ElapsedMilliseconds} ms");
        }
        // Nothing is written until every uAPI scanned, so a failure leaves the folder as it was.
        Directory.CreateDirectory(outDir);
        foreach (var (path, json, model) in written)
        {
            AtomicFile.WriteAllText(path, json);
            Report(stderr, model, path);
        }
        return AccelgenApp.Ok;
    }

    private static void Report(TextWriter log, UapiModel m, string where)
    {
        var warnings = m.Diagnostics.Count(d => d.Severity >= DiagnosticSeverity.Warning);
        log.WriteLine($"accelgen: {where}: {m.Records.Count} records, {m.Enums.Count} enums, {m.Constants.Count} constants, " +
                      $"{m.Ioctls.Count} ioctls on {m.Targets.Count} targets; {warnings} warnings, {m.Diagnostics.Count - warnings} notes");
        foreach (var h in m.Headers.Where(h => h.CallerIncludes.Count > 0))
        {
            log.WriteLine($"accelgen: {h.Path}: requests evaluated as its users see them, after {string.Join(", ", h.CallerIncludes.Select(i => $"<{i}>"))}");
        }
        // Macros left out of the model, per header, so that silence is visible.
        foreach (var g in m.Diagnostics.Where(d => d.Code == ScanDiagnosticCodes.NotIntegerConstant)
                     .GroupBy(d => d.Location?.File ?? "?").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            log.WriteLine($"accelgen: {g.Key}: {g.Select(d => d.Message).Distinct().Count()} macros left out, not integer constants " +
                          $"({ScanDiagnosticCodes.NotIntegerConstant} in the model's diagnostics)");
        }

        foreach (var d in m.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            log.WriteLine(d);
        }
    }

    /// <summary>The package the synced headers came from; none for a foreign include root.</summary>
    internal static SourcePackage? SourceOf(ScanOptions options)
    {
        if (options.IncludeRoot != null)
        {
            return null;
        }

        if (RepoContext.TryCache() is not { } cache || !File.Exists(cache.ManifestPath))
        {
            return null;
        }

        var manifest = HeaderManifest.Load(cache.ManifestPath);
        return new SourcePackage(manifest.Package, manifest.Version);
    }
}
