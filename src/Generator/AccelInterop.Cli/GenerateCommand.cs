using AccelInterop.Emitter;
using AccelInterop.Emitter.Selection;
using AccelInterop.Headers;
using AccelInterop.Model;
using AccelInterop.Model.Serialization;
using AccelInterop.Model.Targets;
using AccelInterop.Scanner.Scanning;

namespace AccelInterop.Cli;

/// <summary><c>accelgen generate</c>: models (committed, given, or scanned from headers) → C#.</summary>
internal static class GenerateCommand
{
    private static readonly string Help = $"""
        usage: accelgen generate [HEADER...] [--model M] [options]

        Emits C# bindings (docs/generated-code.md) into OUT/<name>/<Class>.*.g.cs. With no input,
        from the committed models headers/models/<name>.uapi.json of the product's uAPIs (drm,
        amdxdna, qda, xe, vfio); with --model, from that model (<name> from its file name); with
        headers, from a fresh scan of them (<name> from the first header).

        options:
          --model M         a model file (from accelgen scan)
          --out DIR         output folder (default: generated)
          --namespace NS    namespace of the single input, or the root the default uAPIs go under
                            as NS.<Name> (default root: AccelInterop.Uapi)
          --class NAME      static class for constants and requests (single input only; default <Name>)
          --notes           print what could not be bound exactly (record layouts, requests per target)
          --select FILE     only the symbols a selection file names, plus what they need
                            (AccelInterop.txt format, docs/diagnostics.md); uAPIs it does not touch are skipped
          --visibility V    public (default) or internal: accessibility of the generated types
          --facts F         the reviewed ABI facts of the single input (docs/annotations.md; default:
                            ../annotations/<name>.facts.json beside a --model, none for headers)
        {ScanOptions.HelpText}
        Targets (for headers) default to all eight; with models, --target keeps only those targets'
        numbers and layouts. Exit 0 on success, 2 on bad input.

        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (AccelgenApp.Help(args, stdout, Help))
        {
            return AccelgenApp.Ok;
        }

        var cl = CommandLine.Parse(args, [.. ScanOptions.ValueOptions, "--model", "--out", "--namespace", "--class", "--select", "--visibility", "--facts"], ["--notes"]);
        var options = ScanOptions.From(cl, LinuxTargets.All);
        var modelPath = cl.Single("--model");
        var ns = cl.Single("--namespace");
        var className = cl.Single("--class");
        var outDir = cl.Single("--out") ?? "generated";
        if (modelPath != null && options.Headers.Count > 0)
        {
            throw new UsageException("give either --model or headers, not both");
        }

        foreach (var name in new[] { ns, className })
        {
            if (name != null && !IsDottedIdentifier(name, allowDots: name == ns))
            {
                throw new UsageException($"'{name}' is not a C# name");
            }
        }

        var factsPath = cl.Single("--facts");
        var inputs = new List<NamedModel>();
        if (modelPath != null)
        {
            var name = ModelName(modelPath);
            var model = ModelInputException.Load(modelPath);
            inputs.Add(new NamedModel(name, model, AnnotationFiles.Load(factsPath ?? AnnotationFiles.Beside(modelPath, name), model, factsPath != null)));
        }
        else if (options.Headers.Count > 0)
        {
            var model = UapiScanner.Scan(options.ToRequest(options.Headers, stderr), ScanCommand.SourceOf(options));
            inputs.Add(new NamedModel(Path.GetFileNameWithoutExtension(options.Headers[0]), model,
                factsPath != null ? AnnotationFiles.Load(factsPath, model, required: true) : Model.Annotations.AbiFacts.None));
        }
        else
        {
            if (className != null || factsPath != null)
            {
                throw new UsageException($"{(className != null ? "--class" : "--facts")} needs a single input (--model or headers)");
            }

            var models = Path.Combine(RepoContext.Cache().RepoRoot, "headers", "models");
            foreach (var uapi in UapiCatalog.Default)
            {
                var model = ModelInputException.Load(Path.Combine(models, uapi.Name + ModelFiles.ModelSuffix));
                inputs.Add(new NamedModel(uapi.Name, model, AnnotationFiles.Load(AnnotationFiles.Committed(uapi.Name), model, required: true)));
            }
        }

        var visibility = cl.Single("--visibility") ?? Visibility.Public;
        if (!Visibility.IsKnown(visibility))
        {
            throw new UsageException($"--visibility '{visibility}': give public or internal");
        }

        if (cl.Single("--select") is string selectPath)
        {
            inputs = SelectionInput.Apply(selectPath, inputs, stderr);
        }

        if (options.Headers.Count == 0 && cl.All("--target").Any())
        {
            inputs = SelectionInput.KeepTargets(inputs, options.Targets.Select(t => t.Triple));
        }

        var single = modelPath != null || options.Headers.Count > 0;
        var outputs = new List<(string Path, string Text)>();
        foreach (var input in inputs)
        {
            var (name, model) = (input.Name, input.Model);
            var emitterOptions = single && ns != null
                ? new EmitterOptions(ns, className ?? EmitterOptions.For(name).ClassName)
                : EmitterOptions.For(name, ns ?? "AccelInterop.Uapi");
            if (className != null)
            {
                emitterOptions = new EmitterOptions(emitterOptions.Namespace, className);
            }

            var result = UapiEmitter.Emit(input, emitterOptions.WithVisibility(visibility));
            outputs.AddRange(result.Sources.Select(s => (Path.Combine(outDir, name, s.FileName), s.Text)));
            stderr.WriteLine($"accelgen: {name}: {model.Records.Count} records, {model.Ioctls.Count} requests -> " +
                             $"{Path.Combine(outDir, name)} ({result.Notes.Count} notes{(cl.Has("--notes") ? "" : ", see --notes")})");
            if (cl.Has("--notes"))
            {
                foreach (var note in result.Notes)
                {
                    stderr.WriteLine($"accelgen: note: {note}");
                }
            }
        }
        // Written only after every input emitted, each file through a temporary and a rename.
        foreach (var (path, text) in outputs)
        {
            AtomicFile.WriteAllText(path, text);
        }

        return AccelgenApp.Ok;
    }

    internal static string ModelName(string path)
    {
        var file = Path.GetFileName(path);
        foreach (var suffix in new[] { ModelFiles.ModelSuffix, ".json" })
        {
            if (file.EndsWith(suffix, StringComparison.Ordinal))
            {
                return file[..^suffix.Length];
            }
        }

        return file;
    }

    private static bool IsDottedIdentifier(string s, bool allowDots) =>
        s.Split('.').All(p => p.Length > 0 && (char.IsLetter(p[0]) || p[0] == '_') && p.All(c => char.IsLetterOrDigit(c) || c == '_'))
        && (allowDots || !s.Contains('.'));
}
