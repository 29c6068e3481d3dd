using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;
using AccelInterop.Model.Serialization;

namespace AccelInterop.SourceGenerator;

/// <summary>
/// The committed models carried as resources. Each uAPI's is read and parsed on first use, once
/// per compiler process (they never change), so a selection pays only for the uAPIs it reaches.
/// </summary>
internal static class EmbeddedModels
{
    /// <summary>The product's uAPIs in the order <c>accelgen generate</c> uses.</summary>
    public static readonly IReadOnlyList<string> Names = new[] { "drm", "amdxdna", "qda", "xe", "vfio", "dmabuf" };

    private static readonly Dictionary<string, Lazy<string>> Texts = Names.ToDictionary(
        n => n, n => new Lazy<string>(() => UapiResources.Read(n, UapiResources.Model)), StringComparer.Ordinal);

    private static readonly Dictionary<string, Lazy<UapiModel>> Parsed = Names.ToDictionary(
        n => n, n => new Lazy<UapiModel>(() => ModelReader.Read(Texts[n].Value)), StringComparer.Ordinal);

    private static readonly Dictionary<string, Lazy<AbiFacts>> ParsedFacts = Names.ToDictionary(
        n => n, n => new Lazy<AbiFacts>(() => AbiFactsReader.Read(UapiResources.Read(n, UapiResources.Facts), Get(n))), StringComparer.Ordinal);

    /// <summary>Every embedded model, parsed.</summary>
    public static IReadOnlyList<NamedModel> Models => Names.Select(Named).ToList();

    /// <summary>One embedded uAPI as the selector and emitter take it: its model with its reviewed facts.</summary>
    public static NamedModel Named(string name) => new(name, Get(name), Facts(name));

    public static UapiModel Get(string name) => Parsed[name].Value;

    /// <summary>
    /// False when no line of <paramref name="selection"/> can name a declaration of the uAPI, which a
    /// search of the model's text settles without parsing it: every name a line may use (tag,
    /// typedef, enumerator, constant, request) is a JSON string of the model. Wildcards are not
    /// searched: they reach every uAPI.
    /// </summary>
    public static bool Reaches(string name, SelectionParse selection)
    {
        foreach (var entry in selection.Entries)
        {
            if (entry.IsWildcard || entry.Pattern == name
                || Texts[name].Value.IndexOf("\"" + entry.Pattern + "\"", StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The reviewed ABI facts embedded beside a model (headers/annotations), read against it once per process.</summary>
    public static AbiFacts Facts(string name) => ParsedFacts[name].Value;
}
