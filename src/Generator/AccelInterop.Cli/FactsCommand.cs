using AccelInterop.Emitter.Facts;
using AccelInterop.Headers;
using AccelInterop.Model.Facts;
using AccelInterop.Model.Serialization;
using AccelInterop.Scanner.Scanning;

namespace AccelInterop.Cli;

/// <summary><c>accelgen facts</c>: the flat per-target contract of DESIGN.md.</summary>
internal static class FactsCommand
{
    private static readonly string Help = $"""
        usage: accelgen facts --header H ... [-I DIR ...] [--target TRIPLE] [--model M]
               accelgen facts --suggest [--uapi NAME]

        Prints one JSON object with the target's layouts and constants:
          target      the triple
          records     NAME -> size, align, fields (PATH -> byte offset),
                      bitfields (PATH -> bitOffset, bitWidth)
          constants   NAME -> integer (macros, ioctl requests as unsigned, enumerators)
        PATH is how C names a member from the record: a, a.b, and members of anonymous
        structs/unions by their own name. With --model, reads a model from accelgen scan
        instead of scanning headers.

        With --suggest, lists what the name heuristics propose for members the committed
        annotation files (headers/annotations/<uapi>.facts.json, docs/annotations.md) do not
        settle yet, one "FILE: record.member: fact" line each, for a reviewer to decide; the
        bindings never use a proposal.

        options:
          --model M         a model file to read instead of scanning
          --suggest         proposals for the committed uAPIs (all, or --uapi NAME)
        {ScanOptions.HelpText}
        The target defaults to the host. Exit 0 on success, 2 on bad input.

        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (AccelgenApp.Help(args, stdout, Help))
        {
            return AccelgenApp.Ok;
        }

        var cl = CommandLine.Parse(args, [.. ScanOptions.ValueOptions, "--model", "--uapi"], ["--suggest"]);
        if (cl.Has("--suggest"))
        {
            return Suggest(cl.Single("--uapi"), stdout);
        }

        if (cl.Single("--uapi") != null)
        {
            throw new UsageException("--uapi goes with --suggest");
        }

        var options = ScanOptions.From(cl, [ScanOptions.Host]);
        if (options.Targets.Count != 1)
        {
            throw new UsageException("facts takes exactly one --target");
        }

        var target = options.Targets[0].Triple;
        var modelPath = cl.Single("--model");
        Model.UapiModel model;
        if (modelPath != null)
        {
            if (options.Headers.Count > 0)
            {
                throw new UsageException("give either --model or headers, not both");
            }

            model = ModelInputException.Load(modelPath);
            if (!model.Targets.Contains(target))
            {
                throw new UsageException($"model '{modelPath}' has no target {target} (it has {string.Join(", ", model.Targets)})");
            }
        }
        else
        {
            if (options.Headers.Count == 0)
            {
                throw new UsageException("facts needs --header or --model");
            }

            model = UapiScanner.Scan(options.ToRequest(options.Headers, stderr), ScanCommand.SourceOf(options));
        }
        stdout.Write(FactsWriter.Write(model, target));
        return AccelgenApp.Ok;
    }

    private static int Suggest(string? uapi, TextWriter stdout)
    {
        var names = UapiCatalog.Default.Select(u => u.Name).ToList();
        if (uapi != null && !names.Contains(uapi))
        {
            throw new UsageException($"--uapi '{uapi}' is not one of {string.Join(", ", names)}");
        }

        var root = RepoContext.Cache().RepoRoot;
        foreach (var name in uapi != null ? [uapi] : names)
        {
            var model = ModelInputException.Load(Path.Combine(root, "headers", "models", name + ModelFiles.ModelSuffix));
            var path = AnnotationFiles.Committed(name);
            var facts = AnnotationFiles.Load(path, model, required: false);
            foreach (var p in FactProposals.For(model, facts))
            {
                stdout.WriteLine($"{Path.GetRelativePath(root, path)}: {p}");
            }
        }

        return AccelgenApp.Ok;
    }
}
