using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;
using AccelInterop.Model.Serialization;

namespace AccelInterop.SourceGenerator;

/// <summary>The committed models carried as resources, read once per compiler process (they never change).</summary>
internal static class EmbeddedModels
{
    /// <summary>The product's uAPIs in the order <c>accelgen generate</c> uses.</summary>
    public static readonly IReadOnlyList<string> Names = new[] { "drm", "amdxdna", "qda", "xe", "vfio", "dmabuf" };

    private static readonly Lazy<IReadOnlyList<NamedModel>> All = new Lazy<IReadOnlyList<NamedModel>>(
        () => Names.Select(Load).ToList());

    public static IReadOnlyList<NamedModel> Models => All.Value;

    public static UapiModel Get(string name) => All.Value.First(m => m.Name == name).Model;

    /// <summary>The reviewed ABI facts embedded beside a model (read against it).</summary>
    public static AbiFacts Facts(string name) => All.Value.First(m => m.Name == name).Facts;

    private static NamedModel Load(string name)
    {
        var model = ModelReader.Read(ReadResource($"AccelInterop.Models.{name}.uapi.json"));
        return new NamedModel(name, model, AbiFactsReader.Read(ReadResource($"AccelInterop.Annotations.{name}.facts.json"), model));
    }

    private static string ReadResource(string resource)
    {
        using var stream = typeof(EmbeddedModels).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
