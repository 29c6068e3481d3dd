using AccelInterop.Model;
using AccelInterop.Model.Annotations;
using AccelInterop.Model.Serialization;

namespace AccelInterop.Cli;

/// <summary>
/// Where a model's reviewed ABI facts live (headers/annotations/&lt;name&gt;.facts.json beside
/// headers/models/&lt;name&gt;.uapi.json) and how a bad one is reported (file:line: error:, exit 2).
/// </summary>
internal static class AnnotationFiles
{
    /// <summary>The facts file for a model file: <c>../annotations/&lt;name&gt;.facts.json</c> from its folder.</summary>
    public static string Beside(string modelPath, string name) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, "..", "annotations", name + ModelFiles.FactsSuffix));

    /// <summary>The committed uAPI's facts file.</summary>
    public static string Committed(string name) => Path.Combine(RepoContext.Cache().RepoRoot, "headers", "annotations", name + ModelFiles.FactsSuffix);

    /// <summary>The facts at <paramref name="path"/> read against the model; <see cref="AbiFacts.None"/> when there is no file and it is optional.</summary>
    public static AbiFacts Load(string path, UapiModel model, bool required)
    {
        if (!File.Exists(path))
        {
            return required ? throw new ModelInputException(path, 0, "facts file not found") : AbiFacts.None;
        }

        try
        {
            return AbiFactsReader.Read(File.ReadAllText(path), model);
        }
        catch (AbiFactsException e)
        {
            throw new ModelInputException(path, e.Line, e.Message);
        }
    }
}
