using System.Text;

namespace AccelInterop.Emitter.Rendering;

/// <summary>
/// What a consumer of the bindings chooses (namespace, class name, visibility), and a frame's
/// declarations, left as holes in rendered text: a uAPI's declarations are rendered once and
/// filled for any names and any selection (<see cref="RenderedUapi"/>). The markers are control
/// characters no template or model text contains; each is three characters, the middle one naming it.
/// </summary>
public static class Holes
{
    internal const string Namespace = "\u0001N\u0001";
    internal const string ClassName = "\u0001C\u0001";
    internal const string Visibility = "\u0001V\u0001";
    internal const string Items = "\u0001I\u0001";

    private const char Marker = '\u0001';

    /// <summary>The consumer's names as they fill the holes: the namespace and class escaped as C# identifiers.</summary>
    internal sealed class Values
    {
        public Values(EmitterOptions options)
        {
            Namespace = Mapping.CsNames.Namespace(options.Namespace);
            ClassName = Mapping.CsNames.Identifier(options.ClassName);
            Visibility = options.Visibility;
        }

        public string Namespace { get; }
        public string ClassName { get; }
        public string Visibility { get; }
    }

    /// <summary>
    /// Appends <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>) with the name holes filled,
    /// in one pass (a whole generated file is written once, not copied once per hole). An items hole is left as it is:
    /// the caller splits a frame at it (<see cref="RenderedUapi"/>).
    /// </summary>
    internal static void Append(StringBuilder to, string text, int start, int end, Values values)
    {
        var at = start;
        while (at < end)
        {
            var hole = text.IndexOf(Marker, at, end - at);
            if (hole < 0)
            {
                break;
            }

            to.Append(text, at, hole - at);
            var value = hole + Items.Length <= end && text[hole + 2] == Marker ? Value(text[hole + 1], values) : null;
            if (value == null)
            {
                // Not a name hole (an items hole, or a lone marker): kept as it is.
                to.Append(Marker);
                at = hole + 1;
            }
            else
            {
                to.Append(value);
                at = hole + Items.Length;
            }
        }

        to.Append(text, at, end - at);
    }

    private static string? Value(char kind, Values values) =>
        kind == Namespace[1] ? values.Namespace : kind == ClassName[1] ? values.ClassName : kind == Visibility[1] ? values.Visibility : null;
}
