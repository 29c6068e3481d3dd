using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model;
using AccelInterop.Model.Serialization;

namespace AccelInterop.SourceGenerator;

/// <summary>The committed models carried as resources, read once per compiler process (they never change).</summary>
internal static class EmbeddedModels
{
    /// <summary>The product's uAPIs in the order <c>accelgen generate</c> uses.</summary>
    public static readonly IReadOnlyList<string> Names = new[] { "drm", "amdxdna", "qda", "xe", "vfio", "dmabuf" };

    private static readonly Lazy<IReadOnlyList<NamedModel>> All = new Lazy<IReadOnlyList<NamedModel>>(
        () => Names.Select(n => new NamedModel(n, ModelReader.Read(ReadResource(n)))).ToList());

    public static IReadOnlyList<NamedModel> Models => All.Value;

    public static UapiModel Get(string name) => All.Value.First(m => m.Name == name).Model;

    private static string ReadResource(string name)
    {
        using var stream = typeof(EmbeddedModels).Assembly.GetManifestResourceStream($"AccelInterop.Models.{name}.uapi.json")
            ?? throw new InvalidOperationException($"model {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
