using AccelInterop.Model.Serialization;

namespace AccelInterop.Emitter.Tests;

/// <summary>
/// Every header of one synced include folder scanned for all targets, emitted and compiled into one
/// assembly; built once per test run for the folders several tests check (include/drm).
/// </summary>
internal sealed class HeaderFolderBindings
{
    public static readonly Lazy<HeaderFolderBindings> Drm = new(() => new HeaderFolderBindings("drm"));

    public HeaderFolderBindings(string folder)
    {
        Folder = folder;
        var dir = Directory.CreateTempSubdirectory("accelinterop-" + folder + "-").FullName;
        try
        {
            Headers = Directory.GetFiles(Path.Combine(RepoPaths.UpstreamInclude, folder), "*.h").Order(StringComparer.Ordinal).ToList();
            foreach (var h in Headers)
            {
                var name = Path.GetFileNameWithoutExtension(h);
                var modelPath = Path.Combine(dir, name + ".uapi.json");
                var scan = AccelgenRun.Of("scan", "--header", folder + "/" + Path.GetFileName(h), "--target", "all", "--out", modelPath);
                if (scan.ExitCode != 0)
                {
                    ScanFailures.Add($"{name}: {scan.Stderr.Trim()}");
                    continue;
                }
                var model = ModelReader.Read(File.ReadAllText(modelPath));
                var options = EmitterOptions.For(name, CsNames);
                // Every upstream header, annotated or not: the bindings compile without facts.
                Emitted.Add((name, model, options, UapiEmitter.Emit(model, AccelInterop.Model.Annotations.AbiFacts.None, options)));
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
        AssemblyName = "All" + CsNames;
        Compilation = GeneratedCompiler.Compile(AssemblyName, Sources);
    }

    public string Folder { get; }
    public IReadOnlyList<string> Headers { get; }
    public List<string> ScanFailures { get; } = [];
    public List<(string Name, Model.UapiModel Model, EmitterOptions Options, EmitResult Result)> Emitted { get; } = [];
    public string AssemblyName { get; }
    public GeneratedCompiler.Result Compilation { get; }

    /// <summary>The emitted C# of every scanned header, as (name/file, text).</summary>
    public IEnumerable<(string Path, string Text)> Sources =>
        Emitted.SelectMany(e => e.Result.Sources.Select(s => ($"{e.Name}/{s.FileName}", s.Text)));

    private string CsNames => Mapping.CsNames.Pascal(Folder);
}
