using AccelInterop.Conformance.Layout;
using AccelInterop.Conformance.Rules;
using AccelInterop.Conformance.Sarif;
using AccelInterop.Headers;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;
using AccelInterop.Model.Targets;

namespace AccelInterop.Cli;

/// <summary><c>accelgen check</c>: layout verification by a real compiler plus the ioctl design rules (docs/conformance.md).</summary>
internal static class CheckCommand
{
    private static readonly string Help = $"""
        usage: accelgen check [HEADER...] [--model M ...] [options]

        Checks a uAPI: the model's layouts and constants against a real C compiler for every target
        (gcc for the host, clang --target for the others; rule UAPI-L001), and the kernel's ioctl
        design rules (UAPI-R001..R011: holes, tail padding, layouts that differ between targets,
        long/size_t/pointers, bitfields, enums, sizes, request encoding, directions, duplicate
        numbers). With no input, checks the committed models headers/models/<name>.uapi.json.
        Prints one line per finding: file:line: RULE severity: message [targets].

        options:
          --model M           a model file from accelgen scan; repeatable
          --sarif FILE        also write the findings as SARIF 2.1.0
          --suppressions F    a suppression file (lines 'RULE-ID SYMBOL [# reason]', * wildcards)
          --no-layout         skip the compiler layout verification (design rules only)
        {ScanOptions.HelpText}
        Targets default to all eight for headers, to the model's own targets for models.
        Exit 0 when clean (notes only), 1 when a warning or error remains, 2 on bad input.

        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (AccelgenApp.Help(args, stdout, Help))
        {
            return AccelgenApp.Ok;
        }

        var cl = CommandLine.Parse(args, [.. ScanOptions.ValueOptions, "--model", "--sarif", "--suppressions"], ["--no-layout"]);
        var options = ScanOptions.From(cl, LinuxTargets.All);
        var explicitTargets = cl.All("--target").Count > 0;
        var modelPaths = cl.All("--model");
        if (modelPaths.Count > 0 && options.Headers.Count > 0)
        {
            throw new UsageException("give either --model or headers, not both");
        }

        var sarifPath = cl.Single("--sarif");
        var suppressions = cl.Single("--suppressions") is { } sp ? LoadSuppressions(sp) : SuppressionFile.Empty;

        // Each input with its reviewed facts: the committed files for the committed models, the file beside a --model if any.
        var inputs = new List<(string Name, Func<UapiModel> Load, Func<UapiModel, AbiFacts> Facts)>();
        if (options.Headers.Count > 0)
        {
            inputs.Add((string.Join(",", options.Headers), () => ConformanceInputs.Load(string.Join(",", options.Headers), options, options.Targets, stderr),
                _ => AbiFacts.None));
        }
        else if (modelPaths.Count > 0)
        {
            inputs.AddRange(modelPaths.Select(p => (p, (Func<UapiModel>)(() => ModelInputException.Load(p)),
                (Func<UapiModel, AbiFacts>)(m => AnnotationFiles.Load(AnnotationFiles.Beside(p, GenerateCommand.ModelName(p)), m, required: false)))));
        }
        else
        {
            inputs.AddRange(ConformanceInputs.CommittedModels().Select(m => (m.Name, (Func<UapiModel>)(() => ModelInputException.Load(m.Path)),
                (Func<UapiModel, AbiFacts>)(model => AnnotationFiles.Load(AnnotationFiles.Committed(m.Name), model, required: true)))));
        }

        var layout = cl.Has("--no-layout") ? null : ConformanceInputs.LayoutOptions(options, stderr);
        var reports = new List<CheckReport>();
        foreach (var (name, load, factsOf) in inputs)
        {
            var model = load();
            var facts = factsOf(model);
            var targets = options.Headers.Count > 0 ? model.Targets : ConformanceInputs.TargetsOf(model, options, explicitTargets, name);
            CheckReport report;
            try
            {
                report = ConformanceChecker.Check(model, new CheckOptions { Targets = targets, Layout = layout, Suppressions = suppressions, Facts = facts });
            }
            catch (CompilerNotFoundException e) { throw new UsageException(e.Message); }
            catch (LayoutProbeException e) { throw new UsageException($"{name}: layout verification failed: {e.Message}"); }
            foreach (var f in report.Findings)
            {
                stdout.WriteLine(f.Format(report.Targets));
            }

            foreach (var line in report.LayoutSummary)
            {
                stderr.WriteLine($"accelgen: {name}: layout {line}");
            }

            stderr.WriteLine($"accelgen: {name}: {report.Summary()}");
            reports.Add(report);
        }
        if (sarifPath != null)
        {
            AtomicFile.WriteAllText(sarifPath, SarifWriter.Write(reports, ToolVersion, HeaderLocator(options)));
        }

        return reports.Any(r => r.ExitCode != 0) ? AccelgenApp.Findings : AccelgenApp.Ok;
    }

    internal static string ToolVersion =>
        typeof(CheckCommand).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    /// <summary>Finds a header as the scan did: -I dirs, headers/proposed, then the include root (per-arch dir first).</summary>
    private static Func<string, string?> HeaderLocator(ScanOptions options)
    {
        var dirs = options.ExtraIncludeDirs.Select(Path.GetFullPath).ToList();
        var cache = RepoContext.TryCache();
        if (cache != null)
        {
            dirs.Add(Path.Combine(cache.RepoRoot, "headers", "proposed"));
        }

        var root = options.IncludeRoot != null ? Path.GetFullPath(options.IncludeRoot) : cache?.IncludeDir;
        if (root != null)
        {
            dirs.AddRange(options.Targets.Select(t => Path.Combine(root, t.MultiarchDir)));
            dirs.Add(root);
        }
        return file => dirs.Select(d => Path.Combine(d, file)).FirstOrDefault(File.Exists);
    }

    private static SuppressionFile LoadSuppressions(string path)
    {
        try { return SuppressionFile.Load(path); }
        catch (SuppressionFormatException e) { throw new ModelInputException(e.File, e.Line, e.Message); }
    }
}
