using System.Collections.Generic;
using System.IO;
using AccelInterop.Emitter.Plan;
using AccelInterop.Emitter.Rendering;
using AccelInterop.Emitter.Selection;

namespace AccelInterop.Emitter.Compiled;

/// <summary>
/// A uAPI precompiled for the source generator: its <see cref="SelectionIndex"/> and its
/// <see cref="RenderedUapi"/>, each a <see cref="Blob"/> read without the model, the planner or the
/// template engine, so a build that selects from it pays for looking up names and joining the text
/// of what it selected. Written at the generator's own build from the committed model and facts.
/// </summary>
public static class CompiledUapi
{
    // Rendering header: magic, part count, declaration count, note count; then the frame slots, the
    // declaration table (type or -1, owners, only-when-used, uses), the part table (fragment lists
    // of declaration and text) and the note table (owner, text).
    private const int RenderingMagic = 0x31525241;

    /// <summary>The file (and resource) name suffix of a uAPI's selection index: <c>&lt;uapi&gt;.selection.bin</c>.</summary>
    public const string SelectionSuffix = ".selection.bin";

    /// <summary>The file (and resource) name suffix of a uAPI's rendered declarations: <c>&lt;uapi&gt;.rendered.bin</c>.</summary>
    public const string RenderedSuffix = ".rendered.bin";
    private const int Header = 16;

    public static void Write(Stream stream, SelectionIndex index) => index.WriteTo(stream);

    public static SelectionIndex ReadSelection(Stream stream) => SelectionIndex.Read(stream);

    /// <summary>Every fragment is rendered and written: the reader never renders.</summary>
    public static void Write(Stream stream, RenderedUapi rendered)
    {
        var parts = RenderedUapi.Parts.Count;
        var w = new BlobWriter();
        var header = w.Slots(4);
        var frames = w.Slots(parts);
        var declarations = w.Slots(4 * rendered.Declarations.Count);
        var partTable = w.Slots(parts);
        var notes = w.Slots(2 * rendered.Notes.Count);
        w.Patch(header, RenderingMagic);
        w.Patch(header + 4, parts);
        w.Patch(header + 8, rendered.Declarations.Count);
        w.Patch(header + 12, rendered.Notes.Count);
        for (var p = 0; p < parts; p++)
        {
            w.Patch(frames + (4 * p), w.String(rendered.Frame(p)));
        }

        for (var i = 0; i < rendered.Declarations.Count; i++)
        {
            var d = rendered.Declarations[i];
            var row = declarations + (16 * i);
            w.Patch(row, d.Type == null ? -1 : w.String(d.Type));
            w.Patch(row + 4, w.Strings(d.Owners));
            w.Patch(row + 8, d.OnlyWhenUsed ? 1 : 0);
            w.Patch(row + 12, w.Strings(d.Uses));
        }

        for (var p = 0; p < parts; p++)
        {
            var fragments = rendered.Fragments(p);
            var pairs = new List<int>(2 * fragments.Count);
            foreach (var f in fragments)
            {
                pairs.Add(f.Declaration);
                pairs.Add(w.String(f.Text));
            }

            w.Patch(partTable + (4 * p), w.Ints(pairs));
        }

        for (var i = 0; i < rendered.Notes.Count; i++)
        {
            w.Patch(notes + (8 * i), w.String(rendered.Notes[i].Owner));
            w.Patch(notes + (8 * i) + 4, w.String(rendered.Notes[i].Text));
        }

        var data = w.ToArray();
        stream.Write(data, 0, data.Length);
    }

    /// <summary>The rendering, its fragments' text decoded only for the declarations a selection emits.</summary>
    public static RenderedUapi ReadRendering(Stream stream)
    {
        var blob = Blob.Read(stream);
        if (blob.Length < Header || blob.Int(0) != RenderingMagic)
        {
            throw new InvalidDataException("not a precompiled rendering");
        }

        var (parts, count, noteCount) = (blob.Int(4), blob.Int(8), blob.Int(12));
        var frames = new string[parts];
        for (var p = 0; p < parts; p++)
        {
            frames[p] = blob.String(blob.Int(Header + (4 * p)));
        }

        var declarationTable = Header + (4 * parts);
        var declarations = new EmitDeclaration[count];
        for (var i = 0; i < count; i++)
        {
            var row = declarationTable + (16 * i);
            var type = blob.Int(row);
            declarations[i] = new EmitDeclaration(type < 0 ? null : blob.String(type), blob.Strings(blob.Int(row + 4)),
                blob.Int(row + 8) != 0, blob.Strings(blob.Int(row + 12)));
        }

        var partTable = declarationTable + (16 * count);
        var owners = new int[parts][];
        var texts = new int[parts][];
        for (var p = 0; p < parts; p++)
        {
            var pairs = blob.Ints(blob.Int(partTable + (4 * p)));
            var ids = new int[pairs.Length / 2];
            texts[p] = new int[ids.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = pairs[2 * i];
                texts[p][i] = pairs[(2 * i) + 1];
            }

            owners[p] = ids;
        }

        var noteTable = partTable + (4 * parts);
        var notes = new EmitNote[noteCount];
        for (var i = 0; i < noteCount; i++)
        {
            notes[i] = new EmitNote(blob.String(blob.Int(noteTable + (8 * i))), blob.String(blob.Int(noteTable + (8 * i) + 4)));
        }

        return new RenderedUapi(frames, declarations, owners, (p, i) => blob.String(texts[p][i]), notes, keep: false);
    }
}
