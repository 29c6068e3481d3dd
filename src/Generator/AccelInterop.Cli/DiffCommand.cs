using AccelInterop.Conformance.Diff;
using AccelInterop.Headers;
using AccelInterop.Model;
using AccelInterop.Model.Targets;

namespace AccelInterop.Cli;

/// <summary><c>accelgen diff OLD NEW</c>: the ABI changes between two models or header sets, with abidiff's exit codes.</summary>
internal static class DiffCommand
{
    private static readonly string Help = $"""
        usage: accelgen diff OLD NEW [options]

        Compares two versions of a uAPI. OLD and NEW are each a model file (*.json, from accelgen
        scan) or headers (a path or an include name like linux/vfio.h; several separated by commas),
        scanned with the options below. Reports added/removed records, members, enumerators,
        constants and requests; size, offset, type and signedness changes; ioctl renumbering,
        direction and size changes; reserved members put to use; growth of extensible structs.
        Each change is compatible (old binaries keep working) or incompatible (docs/conformance.md).

        options:
          --json            print the report as JSON instead of text
        {ScanOptions.HelpText}
        Targets: those both sides have (for headers: --target, else the other side's, else all eight).
        Headers are parsed with --include, else with the other side's model's preludes.
        Exit as abidiff: 0 no ABI change, 4 compatible changes only, 12 an incompatible change;
        2 on bad input.

        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (AccelgenApp.Help(args, stdout, Help))
        {
            return AccelgenApp.Ok;
        }

        var cl = CommandLine.Parse(args, [.. ScanOptions.ValueOptions], ["--json"]);
        if (cl.All("--header").Count > 0)
        {
            throw new UsageException("diff takes OLD and NEW as arguments, not --header");
        }

        if (cl.Positionals.Count != 2)
        {
            throw new UsageException("diff needs exactly two inputs: OLD NEW");
        }

        var options = ScanOptions.From(cl, LinuxTargets.All);
        var explicitTargets = cl.All("--target").Count > 0;
        var (oldArg, newArg) = (cl.Positionals[0], cl.Positionals[1]);

        UapiModel? oldModel = ConformanceInputs.IsModelFile(oldArg) ? ModelInputException.Load(oldArg) : null;
        UapiModel? newModel = ConformanceInputs.IsModelFile(newArg) ? ModelInputException.Load(newArg) : null;
        var scanTargets = ScanTargets(options, explicitTargets, oldModel ?? newModel);
        // Headers are parsed as the other side was: its preludes, unless --include says otherwise.
        var scanOptions = options.Includes.Count == 0 && (oldModel ?? newModel) is { } other
            ? new ScanOptions
            {
                Headers = options.Headers,
                Targets = options.Targets,
                ExtraIncludeDirs = options.ExtraIncludeDirs,
                Defines = options.Defines,
                IncludeRoot = options.IncludeRoot,
                Includes = other.Includes,
            }
            : options;
        oldModel ??= ConformanceInputs.Load(oldArg, scanOptions, scanTargets, stderr);
        newModel ??= ConformanceInputs.Load(newArg, scanOptions, scanTargets, stderr);

        var targets = oldModel.Targets.Where(newModel.Targets.Contains).ToList();
        if (explicitTargets)
        {
            targets = targets.Where(t => options.Targets.Any(x => x.Triple == t)).ToList();
        }

        if (targets.Count == 0)
        {
            throw new UsageException($"OLD and NEW have no target in common (OLD: {string.Join(", ", oldModel.Targets)}; NEW: {string.Join(", ", newModel.Targets)})");
        }

        var report = ModelDiffer.Diff(oldModel, newModel, targets);
        stdout.Write(cl.Has("--json") ? DiffJsonWriter.Write(report, oldArg, newArg) : DiffTextWriter.Write(report, oldArg, newArg));
        return report.ExitCode;
    }

    private static IReadOnlyList<LinuxTarget> ScanTargets(ScanOptions options, bool explicitTargets, UapiModel? other)
    {
        if (explicitTargets || other == null)
        {
            return options.Targets;
        }

        var known = other.Targets.Select(LinuxTargets.Find).OfType<LinuxTarget>().ToList();
        return known.Count > 0 ? known : options.Targets;
    }
}
