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

    // Arrays, not interfaces: a cold build compiles each interface call's generic helper over int.
    private readonly string[] _frames;
    private readonly int[][] _owners;
    private readonly EmitNote[] _notes;
    private readonly Func<int, int, string> _render;
    private readonly string?[][]? _texts;

    /// <param name="frames">Per part (<see cref="Parts"/>), the file around its declarations.</param>
    /// <param name="owners">Per part, the declaration of each fragment, in file order.</param>
    /// <param name="render">A fragment's text (part, index).</param>
    /// <param name="keep">Whether a fragment's text is kept once asked (rendering it is dear), or asked again each time (decoding it is cheap, and keeping it would carry the whole uAPI's text through the collections of a build).</param>
    internal RenderedUapi(string[] frames, EmitDeclaration[] declarations, int[][] owners, Func<int, int, string> render, EmitNote[] notes, bool keep)
    {
        _frames = frames;
        _owners = owners;
        _render = render;
        _notes = notes;
        Declarations = declarations;
        if (keep)
        {
            _texts = new string?[owners.Length][];
            for (var p = 0; p < owners.Length; p++)
            {
                _texts[p] = new string?[owners[p].Length];
            }
        }
    }

    /// <summary>The generated files, in order; a file is <c>&lt;class name&gt;.&lt;part&gt;.g.cs</c>.</summary>
    public static IReadOnlyList<string> Parts => GeneratedParts.Names;

    public IReadOnlyList<EmitDeclaration> Declarations { get; }
    public IReadOnlyList<EmitNote> Notes => _notes;

    /// <summary>A part's frame (holes in).</summary>
    public string Frame(int part) => _frames[part];

    /// <summary>A part's fragments in file order (every one rendered).</summary>
    public IReadOnlyList<RenderedFragment> Fragments(int part)
    {
        var list = new RenderedFragment[_owners[part].Length];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = new RenderedFragment(_owners[part][i], Text(part, i));
        }

        return list;
    }

    /// <summary>The files for the selected symbols (null: the whole uAPI) under the consumer's names.</summary>
    /// <remarks>
    /// Each file is written once, holes filled on the way (<see cref="Holes.Append"/>): the whole of a large
    /// uAPI is several hundred kilobytes of text, and every further copy of it is allocation a cold compiler
    /// process pays for in collections. The builder grows by small chunks, not one presized large array:
    /// large objects count against a budget whose collections are full ones.
    /// </remarks>
    public EmitResult Emit(EmitterOptions options, IReadOnlyCollection<string>? symbols = null)
    {
        var selected = symbols == null ? null : symbols as ISet<string> ?? new HashSet<string>(symbols, StringComparer.Ordinal);
        var included = DeclarationFilter.Included(Declarations, (IReadOnlyCollection<string>?)selected);
        var values = new Holes.Values(options);
        var sources = new List<GeneratedSource>(_frames.Length);
        for (var p = 0; p < _frames.Length; p++)
        {
            var frame = _frames[p];
            var text = new StringBuilder();
            var at = 0;
            for (var hole = frame.IndexOf(Holes.Items, StringComparison.Ordinal); hole >= 0; hole = frame.IndexOf(Holes.Items, at, StringComparison.Ordinal))
            {
                Holes.Append(text, frame, at, hole, values);
                AppendItems(text, p, included, values);
                at = hole + Holes.Items.Length;
            }

            Holes.Append(text, frame, at, frame.Length, values);
            sources.Add(new GeneratedSource(options.ClassName + "." + GeneratedParts.Names[p] + ".g.cs", text.ToString()));
        }

        var notes = new List<string>();
        for (var i = 0; i < _notes.Length; i++)
        {
            if (selected == null || selected.Contains(_notes[i].Owner))
            {
                notes.Add(_notes[i].Text);
            }
        }

        return new EmitResult(sources, notes);
    }

    /// <summary>A part's included declarations in file order, a blank line between two.</summary>
    private void AppendItems(StringBuilder text, int part, bool[] included, Holes.Values values)
    {
        var owners = _owners[part];
        var first = true;
        for (var i = 0; i < owners.Length; i++)
        {
            if (included[owners[i]])
            {
                if (!first)
                {
                    text.Append(Separator);
                }

                var fragment = Text(part, i);
                Holes.Append(text, fragment, 0, fragment.Length, values);
                first = false;
            }
        }
    }

    private string Text(int part, int index) => _texts == null ? _render(part, index) : _texts[part][index] ??= _render(part, index);
}
