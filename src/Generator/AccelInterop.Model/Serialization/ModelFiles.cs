namespace AccelInterop.Model.Serialization;

/// <summary>
/// How a uAPI's files are named: <c>&lt;uapi&gt;.uapi.json</c> (the model, headers/models) and
/// <c>&lt;uapi&gt;.facts.json</c> (its reviewed facts, headers/annotations). The CLI, the source
/// generator and its precompile step name and recognise them through these.
/// </summary>
public static class ModelFiles
{
    public const string ModelSuffix = ".uapi.json";
    public const string FactsSuffix = ".facts.json";

    /// <summary>The uAPI a model file is named for (<c>xe.uapi.json</c> → <c>xe</c>); null for another file name.</summary>
    public static string? UapiOf(string fileName) =>
        fileName.EndsWith(ModelSuffix, System.StringComparison.OrdinalIgnoreCase) ? fileName.Substring(0, fileName.Length - ModelSuffix.Length) : null;
}
