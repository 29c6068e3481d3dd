using System;
using System.Collections.Generic;
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
    public static readonly string[] Names = { "drm", "amdxdna", "qda", "xe", "vfio", "dmabuf" };

    // One slot per name, filled on first use (a race reads a resource twice, harmlessly). Index and
    // Rendered spell the same few lines each rather than share a generic helper taking a delegate: a
    // cold build would compile that helper's instantiation and allocate the delegates, on every build.
    private static readonly SelectionIndex?[] Indexes = new SelectionIndex?[Names.Length];
    private static readonly RenderedUapi?[] Renderings = new RenderedUapi?[Names.Length];

    /// <summary>What a selection reads of an embedded uAPI (precompiled).</summary>
    public static SelectionIndex Index(string name)
    {
        var slot = Slot(name);
        if (Indexes[slot] == null)
        {
            using var stream = UapiResources.Open(name, UapiResources.Selection);
            Indexes[slot] = CompiledUapi.ReadSelection(stream);
        }

        return Indexes[slot]!;
    }

    /// <summary>An embedded uAPI's declarations as the templates render them, for every target (precompiled).</summary>
    public static RenderedUapi Rendered(string name)
    {
        var slot = Slot(name);
        if (Renderings[slot] == null)
        {
            using var stream = UapiResources.Open(name, UapiResources.Rendered);
            Renderings[slot] = CompiledUapi.ReadRendering(stream);
        }

        return Renderings[slot]!;
    }

    /// <summary>Every embedded model, parsed.</summary>
    public static IReadOnlyList<NamedModel> Models => Array.ConvertAll(Names, Named);

    /// <summary>One embedded uAPI as the selector and emitter take it: its model with its reviewed facts.</summary>
    public static NamedModel Named(string name) => new(name, Get(name), Facts(name));

    public static UapiModel Get(string name) => Parsed.Models[Slot(name)] ??= ModelReader.Read(UapiResources.Read(name, UapiResources.Model));

    /// <summary>The reviewed ABI facts embedded beside a model (headers/annotations), read against it once per process.</summary>
    public static AbiFacts Facts(string name) =>
        Parsed.Facts[Slot(name)] ??= AbiFactsReader.Read(UapiResources.Read(name, UapiResources.Facts), Get(name));

    /// <summary>The parsed models' slots, apart: creating them loads the model assembly, which the precompiled path never needs.</summary>
    private static class Parsed
    {
        public static readonly UapiModel?[] Models = new UapiModel?[Names.Length];
        public static readonly AbiFacts?[] Facts = new AbiFacts?[Names.Length];
    }

    private static int Slot(string name)
    {
        var slot = Array.IndexOf(Names, name);
        return slot >= 0 ? slot : throw new ArgumentException(name + " is not an embedded uAPI", nameof(name));
    }
}
