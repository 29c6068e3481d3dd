using System.Reflection;
using System.Runtime.InteropServices;
using AccelInterop.Model;
using AccelInterop.Model.Serialization;

namespace AccelInterop.Emitter.Tests;

/// <summary>The committed models of the five uAPIs, emitted and compiled once for every test that needs them.</summary>
public sealed class CommittedUapis
{
    public CommittedUapis()
    {
        foreach (var name in RepoPaths.Uapis)
        {
            var model = ModelReader.Read(File.ReadAllText(Path.Combine(RepoPaths.Models, name + ".uapi.json")));
            var options = EmitterOptions.For(name);
            Models[name] = (model, options, UapiEmitter.Emit(model, options));
        }
        Compilation = GeneratedCompiler.Compile("AccelInterop.Uapi.Generated",
            Models.SelectMany(m => m.Value.Result.Sources.Select(s => ($"{m.Key}/{s.FileName}", s.Text))));
        if (Compilation.Image != null) Assembly = GeneratedCompiler.Load(Compilation.Image);
    }

    public Dictionary<string, (UapiModel Model, EmitterOptions Options, EmitResult Result)> Models { get; } = new();
    public GeneratedCompiler.Result Compilation { get; }
    public Assembly? Assembly { get; }

    /// <summary>The model target this process runs on (x86_64-linux-gnu here).</summary>
    public static string HostTarget => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "x86_64-linux-gnu",
        Architecture.X86 => "i386-linux-gnu",
        Architecture.Arm64 => "aarch64-linux-gnu",
        Architecture.Arm => "arm-linux-gnueabihf",
        Architecture.Ppc64le => "powerpc64le-linux-gnu",
        Architecture.S390x => "s390x-linux-gnu",
        Architecture.RiscV64 => "riscv64-linux-gnu",
        Architecture.LoongArch64 => "loongarch64-linux-gnu",
        _ => "unknown",
    };
}
