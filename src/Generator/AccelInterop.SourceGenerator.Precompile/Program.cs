using AccelInterop.Emitter;
using AccelInterop.Emitter.Compiled;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model.Annotations;
using AccelInterop.Model.Serialization;

// Precompiles each committed model (with its reviewed facts) into the two streams the source
// generator embeds: <uapi>.selection.bin and <uapi>.rendered.bin (CompiledUapi). A build error
// in a model or facts file is reported at its line, as accelgen does, and nothing is written.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: AccelInterop.SourceGenerator.Precompile MODELS_DIR ANNOTATIONS_DIR OUT_DIR");
    return 2;
}

var (models, annotations, output) = (args[0], args[1], args[2]);
var written = new List<(string Temporary, string Final)>();
try
{
    foreach (var path in Directory.GetFiles(models, "*" + ModelFiles.ModelSuffix).Order(StringComparer.Ordinal))
    {
        var uapi = ModelFiles.UapiOf(Path.GetFileName(path))!;
        var factsPath = Path.Combine(annotations, uapi + ModelFiles.FactsSuffix);
        var model = Read(path, () => ModelReader.Read(File.ReadAllText(path)));
        var facts = Read(factsPath, () => AbiFactsReader.Read(File.ReadAllText(factsPath), model));
        written.Add(Write(Path.Combine(output, uapi + CompiledUapi.SelectionSuffix), s => CompiledUapi.Write(s, SelectionIndex.Of(uapi, model, facts))));
        written.Add(Write(Path.Combine(output, uapi + CompiledUapi.RenderedSuffix), s => CompiledUapi.Write(s, UapiEmitter.Render(model, facts))));
    }
}
catch (InputError e)
{
    foreach (var (temporary, _) in written)
    {
        File.Delete(temporary);
    }

    Console.Error.WriteLine(e.Message);
    return 1;
}

// Only after every uAPI compiled: a half-written set would embed stale streams beside new ones.
foreach (var (temporary, final) in written)
{
    File.Move(temporary, final, overwrite: true);
}

Console.WriteLine($"precompiled {written.Count / 2} uAPIs into {output}");
return 0;

static T Read<T>(string path, Func<T> read)
{
    try
    {
        return read();
    }
    catch (Exception e) when (e is ModelFormatException or AbiFactsException or FileNotFoundException or ArgumentException)
    {
        var line = e switch { ModelFormatException m => m.Line, AbiFactsException f => f.Line, _ => 0 };
        throw new InputError($"{path}:{Math.Max(1, line)}: error: {e.Message}");
    }
}

static (string, string) Write(string path, Action<Stream> write)
{
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    var temporary = path + ".tmp";
    using (var stream = File.Create(temporary))
    {
        write(stream);
    }

    return (temporary, path);
}

internal sealed class InputError(string message) : Exception(message);
