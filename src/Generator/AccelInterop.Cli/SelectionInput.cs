using AccelInterop.Emitter.Selection;
using AccelInterop.Model;

namespace AccelInterop.Cli;

/// <summary><c>generate --select FILE</c>: narrows the inputs to a selection file's symbols and their dependencies.</summary>
internal static class SelectionInput
{
    public static List<NamedModel> Apply(string path, List<NamedModel> inputs, TextWriter stderr)
    {
        if (!File.Exists(path))
        {
            throw new ModelInputException(path, 0, "selection file not found");
        }

        var parse = SelectionFile.Parse(File.ReadAllText(path));
        var result = UapiSelector.Select(inputs, parse);
        if (result.Errors.Count > 0)
        {
            // Every bad line is reported; the last one through the usual exit-2 path.
            foreach (var e in result.Errors.Take(result.Errors.Count - 1))
            {
                stderr.WriteLine($"{path}:{e.Line}: error: {e.FullMessage}");
            }

            var last = result.Errors[^1];
            throw new ModelInputException(path, last.Line, last.FullMessage);
        }
        return result.Models.ToList();
    }

    /// <summary><c>generate --model/committed models --target T</c>: binds only those targets of each model.</summary>
    public static List<NamedModel> KeepTargets(List<NamedModel> inputs, IEnumerable<string> triples)
    {
        var wanted = triples.ToList();
        return inputs.Select(i =>
        {
            var keep = TargetFilter.Resolve(i.Model, wanted, out var unknown);
            if (unknown.Count > 0)
            {
                throw new UsageException($"{i.Name}: the model has no target {string.Join(", ", unknown)}");
            }

            return new NamedModel(i.Name, TargetFilter.Restrict(i.Model, keep), i.Facts, i.Symbols, TargetFilter.Restrict(i.Whole, keep));
        }).ToList();
    }
}
