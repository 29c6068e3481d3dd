using AccelInterop.Headers;
using AccelInterop.Model.Serialization;
using AccelInterop.Scanner.Clang;
using AccelInterop.Scanner.Scanning;

namespace AccelInterop.Cli;

/// <summary>
/// accelgen's entry point: dispatches verbs and turns every user mistake into one line on
/// stderr and exit 2 (never a stack trace). Exit 0 on success.
/// </summary>
public static class AccelgenApp
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int BadInput = 2;

    private const string Usage = """
        usage: accelgen <verb> [options]

        verbs:
          scan           headers -> uAPI model (JSON)
          generate       models or headers -> C# bindings
          facts          one target's layouts and constants as flat JSON
          check          conformance: layouts by a real compiler + the kernel's ioctl design rules
          diff           ABI diff of two models or header sets (exit 0/4/12 as abidiff)
          headers sync   fetch Debian's linux-libc-dev into headers/upstream and check the manifest

        accelgen <verb> --help shows a verb's options.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            (args.Length == 0 ? stderr : stdout).Write(Usage);
            return args.Length == 0 ? BadInput : Ok;
        }
        try
        {
            return args[0] switch
            {
                "scan" => ScanCommand.Run(args[1..], stdout, stderr),
                "generate" => GenerateCommand.Run(args[1..], stdout, stderr),
                "facts" => FactsCommand.Run(args[1..], stdout, stderr),
                "check" => CheckCommand.Run(args[1..], stdout, stderr),
                "diff" => DiffCommand.Run(args[1..], stdout, stderr),
                "headers" => HeadersCommand.Run(args[1..], stdout, stderr),
                _ => throw new UsageException($"unknown verb '{args[0]}' (verbs: scan, generate, facts, check, diff, headers sync)"),
            };
        }
        catch (UsageException e) { return Fail(stderr, $"accelgen: error: {e.Message}"); }
        catch (ScanException e) { return Fail(stderr, e.UserMessage); }
        catch (HeaderSyncException e) { return Fail(stderr, $"accelgen: error: {e.Message}"); }
        catch (LibClangNotFoundException e) { return Fail(stderr, $"accelgen: error: {e.Message}"); }
        catch (ModelInputException e) { return Fail(stderr, e.UserMessage); }
        catch (ModelFormatException e) when (e.DeclaredAt != null) { return Fail(stderr, $"{e.DeclaredAt}: error: {e.Message}"); }
        catch (IOException e) { return Fail(stderr, $"accelgen: error: {e.Message}"); }
        catch (UnauthorizedAccessException e) { return Fail(stderr, $"accelgen: error: {e.Message}"); }
    }

    private static int Fail(TextWriter stderr, string line)
    {
        stderr.WriteLine(line);
        return BadInput;
    }

    /// <summary>Prints a verb's help when asked; true when it did.</summary>
    internal static bool Help(string[] args, TextWriter stdout, string text)
    {
        if (!args.Contains("--help") && !args.Contains("-h"))
        {
            return false;
        }

        stdout.Write(text);
        return true;
    }
}

/// <summary>A model file that cannot be read: names the file and line.</summary>
public sealed class ModelInputException(string file, int line, string message) : Exception(message)
{
    public string UserMessage => line > 0 ? $"{file}:{line}: error: {Message}" : $"{file}: error: {Message}";

    public static Model.UapiModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelInputException(path, 0, "model file not found");
        }

        try
        {
            return ModelReader.Read(File.ReadAllText(path), path);
        }
        catch (ModelFormatException e)
        {
            throw new ModelInputException(path, e.Line, e.Message);
        }
    }
}
