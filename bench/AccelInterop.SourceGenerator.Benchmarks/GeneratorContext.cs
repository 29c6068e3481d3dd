using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace AccelInterop.SourceGenerator.Benchmarks;

/// <summary>
/// The generator's assemblies (generator, emitter, model, Scriban) loaded into a new collectible
/// load context, the way the compiler loads an analyzer: its statics start empty and its code is
/// jitted again, so a run through it pays what the first build in a fresh compiler process pays.
/// Roslyn itself comes from the default context (the compiler has it loaded and warm).
/// </summary>
internal sealed class GeneratorContext() : AssemblyLoadContext("AccelInterop.Generator", isCollectible: true)
{
    private static readonly string[] Own = ["AccelInterop.SourceGenerator", "AccelInterop.Emitter", "AccelInterop.Model", "Scriban.Signed"];

    protected override Assembly? Load(AssemblyName name)
    {
        if (Array.IndexOf(Own, name.Name) < 0)
        {
            return null;
        }

        return LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, name.Name + ".dll"));
    }

    /// <summary>A fresh instance of the generator from this context.</summary>
    public ISourceGenerator NewGenerator()
    {
        var assembly = LoadFromAssemblyName(new AssemblyName("AccelInterop.SourceGenerator"));
        var type = assembly.GetType("AccelInterop.SourceGenerator.UapiBindingsGenerator", throwOnError: true)!;
        return ((IIncrementalGenerator)Activator.CreateInstance(type)!).AsSourceGenerator();
    }
}
