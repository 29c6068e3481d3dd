namespace AccelInterop.Emitter.Rendering;

/// <summary>
/// What a consumer of the bindings chooses (namespace, class name, visibility), and a frame's
/// declarations, left as holes in rendered text: a uAPI's declarations are rendered once and
/// filled for any names and any selection (<see cref="RenderedUapi"/>). The markers are control
/// characters no template or model text contains.
/// </summary>
public static class Holes
{
    internal const string Namespace = "\u0001N\u0001";
    internal const string ClassName = "\u0001C\u0001";
    internal const string Visibility = "\u0001V\u0001";
    internal const string Items = "\u0001I\u0001";

    /// <summary>A frame with its declarations' text put in, then the consumer's names.</summary>
    internal static string Fill(string frame, string items, EmitterOptions options) => frame
        .Replace(Items, items)
        .Replace(Namespace, Mapping.CsNames.Namespace(options.Namespace))
        .Replace(ClassName, Mapping.CsNames.Identifier(options.ClassName))
        .Replace(Visibility, options.Visibility);
}
