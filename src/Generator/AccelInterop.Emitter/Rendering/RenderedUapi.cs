using System;
using System.Collections.Generic;
using System.Text;
using AccelInterop.Emitter.Plan;
using AccelInterop.Emitter.Selection;

namespace AccelInterop.Emitter.Rendering;

/// <summary>One declaration's text in one generated file, and the declaration it belongs to.</summary>
public readonly struct RenderedFragment
{
    public RenderedFragment(int declaration, string text)
    {
        Declaration = declaration;
        Text = text;
    }

    /// <summary>Index in <see cref="RenderedUapi.Declarations"/>.</summary>
    public int Declaration { get; }

    /// <summary>The rendered text, visibility left as a hole.</summary>
    public string Text { get; }
}

/// <summary>
/// A whole uAPI as the templates render it: per generated file a frame and its declarations'
/// fragments, with the consumer's names as <see cref="Holes"/>. Any selection's files are this
/// filtered (<see cref="DeclarationFilter"/>), joined and filled, so a selection emits exactly the
/// text the whole uAPI has for the same declarations; the source generator carries it precompiled.
/// </summary>
public sealed class RenderedUapi
{
    /// <summary>Declarations of one file are separated by a blank line.</summary>
    private const string Separator = "\n";

    private readonly IReadOnlyList<string> _frames;
    private readonly IReadOnlyList<IReadOnlyList<int>> _owners;
    private readonly Func<int, int, string> _render;
    private readonly string?[][] _texts;

    /// <param name="frames">Per part (<see cref="Parts"/>), the file around its declarations.</param>
    /// <param name="owners">Per part, the declaration of each fragment, in file order.</param>
    /// <param name="render">A fragment's text (part, index), asked once and kept.</param>
    internal RenderedUapi(IReadOnlyList<string> frames, IReadOnlyList<EmitDeclaration> declarations,
        IReadOnlyList<IReadOnlyList<int>> owners, Func<int, int, string> render, IReadOnlyList<EmitNote> notes)
    {
        _frames = frames;
        _owners = owners;
        _render = render;
        Declarations = declarations;
        Notes = notes;
        _texts = new string?[owners.Count][];
        for (var p = 0; p < owners.Count; p++)
        {
            _texts[p] = new string?[owners[p].Count];
        }
    }

    /// <summary>The generated files, in order; a file is <c>&lt;class name&gt;.&lt;part&gt;.g.cs</c>.</summary>
    public static IReadOnlyList<string> Parts => GeneratedParts.Names;

    public IReadOnlyList<EmitDeclaration> Declarations { get; }
    public IReadOnlyList<EmitNote> Notes { get; }

    /// <summary>A part's frame (holes in).</summary>
    public string Frame(int part) => _frames[part];

    /// <summary>A part's fragments in file order (every one rendered).</summary>
    public IReadOnlyList<RenderedFragment> Fragments(int part)
    {
        var list = new RenderedFragment[_owners[part].Count];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = new RenderedFragment(_owners[part][i], Text(part, i));
        }

        return list;
    }

    /// <summary>The files for the selected symbols (null: the whole uAPI) under the consumer's names.</summary>
    public EmitResult Emit(EmitterOptions options, IReadOnlyCollection<string>? symbols = null)
    {
        var selected = symbols == null ? null : symbols as ISet<string> ?? new HashSet<string>(symbols, StringComparer.Ordinal);
        var included = DeclarationFilter.Included(Declarations, (IReadOnlyCollection<string>?)selected);
        var sources = new List<GeneratedSource>(_frames.Count);
        var items = new StringBuilder();
        for (var p = 0; p < _frames.Count; p++)
        {
            items.Clear();
            var first = true;
            var owners = _owners[p];
            for (var i = 0; i < owners.Count; i++)
            {
                if (included[owners[i]])
                {
                    items.Append(first ? "" : Separator).Append(Text(p, i));
                    first = false;
                }
            }

            sources.Add(new GeneratedSource($"{options.ClassName}.{Parts[p]}.g.cs", Holes.Fill(_frames[p], items.ToString(), options)));
        }

        var notes = new List<string>();
        foreach (var n in Notes)
        {
            if (selected == null || selected.Contains(n.Owner))
            {
                notes.Add(n.Text);
            }
        }

        return new EmitResult(sources, notes);
    }

    private string Text(int part, int index) => _texts[part][index] ??= _render(part, index);
}
