using AccelInterop.Headers;
using AccelInterop.Model.Facts;
using AccelInterop.Scanner.Scanning;

namespace AccelInterop.Cli;

/// <summary><c>accelgen facts</c>: the flat per-target contract of DESIGN.md.</summary>
internal static class FactsCommand
{
    private static readonly string Help = $"""
        usage: accelgen facts --header H ... [-I DIR ...] [--target TRIPLE] [--model M]

        Prints one JSON object with the target's layouts and constants:
          target      the triple
          records     NAME -> size, align, fields (PATH -> byte offset),
                      bitfields (PATH -> bitOffset, bitWidth)
          constants   NAME -> integer (macros, ioctl requests as unsigned, enumerators)
        PATH is how C names a member from the record: a, a.b, and members of anonymous
        structs/unions by their own name. With --model, reads a model from accelgen scan
        instead of scanning headers.

        options:
          --model M         a model file to read instead of scanning
        {ScanOptions.HelpText}
        The target defaults to the host. Exit 0 on success, 2 on bad input.

        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (AccelgenApp.Help(args, stdout, Help))
        {
            return AccelgenApp.Ok;
        }

        var cl = CommandLine.Parse(args, [.. ScanOptions.ValueOptions, "--model"], []);
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
}
