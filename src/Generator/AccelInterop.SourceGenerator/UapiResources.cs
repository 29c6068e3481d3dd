using System;
using System.IO;
using AccelInterop.Emitter.Compiled;
using AccelInterop.Model.Serialization;

namespace AccelInterop.SourceGenerator;

/// <summary>
/// The per-uAPI files embedded in this assembly, one resource per uAPI and kind, named
/// <c>AccelInterop.Models.&lt;uapi&gt;&lt;suffix&gt;</c> (the project file's EmbeddedResource items):
/// a uAPI's files are read only when a selection reaches that uAPI.
/// </summary>
internal static class UapiResources
{
    /// <summary>The model (<c>headers/models/&lt;uapi&gt;.uapi.json</c>).</summary>
    public const string Model = ModelFiles.ModelSuffix;

    /// <summary>The model's reviewed ABI facts (<c>headers/annotations/&lt;uapi&gt;.facts.json</c>).</summary>
    public const string Facts = ModelFiles.FactsSuffix;

    /// <summary>The model's selection index, precompiled at this assembly's build (<c>CompiledUapi</c>).</summary>
    public const string Selection = CompiledUapi.SelectionSuffix;

    /// <summary>The model's declarations rendered by the templates, precompiled at this assembly's build.</summary>
    public const string Rendered = CompiledUapi.RenderedSuffix;

    public static string Read(string uapi, string suffix)
    {
        using var stream = Open(uapi, suffix);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static Stream Open(string uapi, string suffix) =>
        typeof(UapiResources).Assembly.GetManifestResourceStream(ResourceName(uapi, suffix))
            ?? throw new InvalidOperationException($"{uapi}{suffix} is not embedded");

    public static string ResourceName(string uapi, string suffix) => $"AccelInterop.Models.{uapi}{suffix}";
}
