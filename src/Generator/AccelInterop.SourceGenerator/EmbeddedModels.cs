using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Emitter.Compiled;
using AccelInterop.Emitter.Rendering;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;
using AccelInterop.Model.Serialization;

namespace AccelInterop.SourceGenerator;

/// <summary>
/// The committed models carried as resources, each read on first use, once per compiler process
/// (they never change). A build reads only their precompiled forms (<see cref="CompiledUapi"/>):
/// every uAPI's selection index, and the rendered declarations of the uAPIs it selects from. The
/// models and facts themselves are parsed only to bind fewer targets (<c>AccelInteropTargets</c>).
/// </summary>
internal static class EmbeddedModels
{
    /// <summary>The product's uAPIs in the order <c>accelgen generate</c> uses.</summary>
    public static readonly IReadOnlyList<string> Names = new[] { "drm", "amdxdna", "qda", "xe", "vfio", "dmabuf" };

    // One slot per name, filled on first use (a race reads a resource twice, harmlessly).
    private static readonly SelectionIndex?[] Indexes = new SelectionIndex?[Names.Count];
    private static readonly RenderedUapi?[] Renderings = new RenderedUapi?[Names.Count];
    private static readonly UapiModel?[] Parsed = new UapiModel?[Names.Count];
    private static readonly AbiFacts?[] ParsedFacts = new AbiFacts?[Names.Count];

    /// <summary>What a selection reads of an embedded uAPI (precompiled).</summary>
    public static SelectionIndex Index(string name) =>
        Indexes[Slot(name)] ??= Read(name, UapiResources.Selection, CompiledUapi.ReadSelection);

    /// <summary>An embedded uAPI's declarations as the templates render them, for every target (precompiled).</summary>
    public static RenderedUapi Rendered(string name) =>
        Renderings[Slot(name)] ??= Read(name, UapiResources.Rendered, CompiledUapi.ReadRendering);

    /// <summary>Every embedded model, parsed.</summary>
    public static IReadOnlyList<NamedModel> Models => Names.Select(Named).ToList();

    /// <summary>One embedded uAPI as the selector and emitter take it: its model with its reviewed facts.</summary>
    public static NamedModel Named(string name) => new(name, Get(name), Facts(name));

    public static UapiModel Get(string name) => Parsed[Slot(name)] ??= ModelReader.Read(UapiResources.Read(name, UapiResources.Model));

    /// <summary>The reviewed ABI facts embedded beside a model (headers/annotations), read against it once per process.</summary>
    public static AbiFacts Facts(string name) =>
        ParsedFacts[Slot(name)] ??= AbiFactsReader.Read(UapiResources.Read(name, UapiResources.Facts), Get(name));

    private static int Slot(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"{name} is not an embedded uAPI", nameof(name));
    }

    private static T Read<T>(string name, string suffix, Func<System.IO.Stream, T> read)
    {
        using var stream = UapiResources.Open(name, suffix);
        return read(stream);
    }
}
