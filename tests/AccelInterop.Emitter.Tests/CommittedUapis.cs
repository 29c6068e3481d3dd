using System.Reflection;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;
using AccelInterop.Model.Serialization;
using AccelInterop.Model.Targets;

namespace AccelInterop.Emitter.Tests;

/// <summary>The committed models of the uAPIs, emitted and compiled once for every test that needs them.</summary>
public sealed class CommittedUapis
{
    public CommittedUapis()
    {
        foreach (var name in RepoPaths.Uapis)
        {
            var model = ModelReader.Read(File.ReadAllText(Path.Combine(RepoPaths.Models, name + ".uapi.json")));
            var options = EmitterOptions.For(name);
            var facts = AbiFactsReader.Read(File.ReadAllText(RepoPaths.Facts(name)), model);
            Facts[name] = facts;
            Models[name] = (model, options, UapiEmitter.Emit(model, facts, options));
        }
        Compilation = GeneratedCompiler.Compile("AccelInterop.Uapi.Generated",
            Models.SelectMany(m => m.Value.Result.Sources.Select(s => ($"{m.Key}/{s.FileName}", s.Text))));
        if (Compilation.Image != null)
        {
            Assembly = GeneratedCompiler.Load(Compilation.Image);
        }
    }

    public Dictionary<string, (UapiModel Model, EmitterOptions Options, EmitResult Result)> Models { get; } = new();
    public Dictionary<string, AbiFacts> Facts { get; } = new();
    public GeneratedCompiler.Result Compilation { get; }
    public Assembly? Assembly { get; }

    /// <summary>The model target this process runs on.</summary>
    public static string HostTarget => LinuxTargets.Current?.Triple ?? "unknown";
}
