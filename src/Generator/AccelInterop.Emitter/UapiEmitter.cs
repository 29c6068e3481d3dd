using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using AccelInterop.Emitter.Plan;
using AccelInterop.Emitter.Planning;
using AccelInterop.Emitter.Rendering;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;
using Scriban.Runtime;

namespace AccelInterop.Emitter;

/// <summary>What one emission produced: the files and notes on what could not be bound exactly.</summary>
public sealed class EmitResult
{
    public EmitResult(IReadOnlyList<GeneratedSource> sources, IReadOnlyList<string> notes)
    {
        Sources = sources;
        Notes = notes;
    }

    public IReadOnlyList<GeneratedSource> Sources { get; }

    /// <summary>One line per record layout or request the bindings leave out on some architecture.</summary>
    public IReadOnlyList<string> Notes { get; }
}

/// <summary>
/// The uAPI model → C# emitter (docs/generated-code.md). Deterministic: the same model and
/// options give byte-identical files. Writing them is the caller's business (atomically).
/// A selection emits the whole model's declarations it selects, as the whole model renders them.
/// </summary>
public static class UapiEmitter
{
    // A model is planned and its declarations rendered once (on first use), whatever is selected from it.
    private static readonly ConditionalWeakTable<UapiModel, ConditionalWeakTable<AbiFacts, RenderedUapi>> Cache =
        new ConditionalWeakTable<UapiModel, ConditionalWeakTable<AbiFacts, RenderedUapi>>();

    /// <param name="facts">The uAPI's reviewed ABI facts (<see cref="AbiFacts.None"/> for a model nobody annotated: no ABI attributes).</param>
    /// <param name="symbols">The selected symbols' keys (<see cref="NamedModel.Symbols"/>); null emits the whole model.</param>
    public static EmitResult Emit(UapiModel model, AbiFacts facts, EmitterOptions options, IReadOnlyCollection<string>? symbols = null) =>
        Render(model, facts).Emit(options, symbols);

    /// <summary>A selection's files: the declarations its symbols select from the model it was made from.</summary>
    public static EmitResult Emit(NamedModel selected, EmitterOptions options) =>
        Emit(selected.Whole, selected.Facts, options, selected.Symbols);

    /// <summary>The whole model planned, its declarations rendered on demand (kept per model and facts).</summary>
    public static RenderedUapi Render(UapiModel model, AbiFacts facts) =>
        Cache.GetValue(model, _ => new ConditionalWeakTable<AbiFacts, RenderedUapi>()).GetValue(facts, f => Rendering(model, f));

    private static RenderedUapi Rendering(UapiModel model, AbiFacts facts)
    {
        var notes = new List<EmitNote>();
        var plan = new UapiPlanner(model, facts, notes).Build();
        var frameGlobals = PlanScript.Frame(plan);
        var frames = GeneratedParts.Names.Select(part => Templates.Render(part, frameGlobals)).ToArray();

        var declarations = new List<EmitDeclaration>();
        var index = new Dictionary<EmitDeclaration, int>();
        int Id(EmitDeclaration d)
        {
            if (!index.TryGetValue(d, out var id))
            {
                index[d] = id = declarations.Count;
                declarations.Add(d);
            }

            return id;
        }

        // Per part, each fragment's declaration and how it renders, in file order.
        var parts = GeneratedParts.Names.Select(_ => new List<(int Declaration, Func<string> Render)>()).ToList();
        void Add(int part, EmitDeclaration d, string template, string name, Func<ScriptObject> item) =>
            parts[part].Add((Id(d), () => Templates.Render(template, PlanScript.Item(name, item()))));
        foreach (var s in plan.Structs)
        {
            Add(GeneratedParts.Types, s.Declaration, Templates.Struct, "r", () => PlanScript.Struct(s));
        }

        foreach (var a in plan.InlineArrays)
        {
            Add(GeneratedParts.Types, a.Declaration, Templates.InlineArray, "a", () => PlanScript.InlineArray(a));
        }

        foreach (var e in plan.Enums)
        {
            Add(GeneratedParts.Types, e.Declaration, Templates.Enum, "e", () => PlanScript.Enum(e));
        }

        foreach (var c in plan.Constants)
        {
            Add(GeneratedParts.Constants, c.Declaration, Templates.Constant, "c", () => PlanScript.Constant(c));
        }

        foreach (var i in plan.Ioctls)
        {
            Add(GeneratedParts.Ioctls, i.Declaration, Templates.Ioctl, "i", () => PlanScript.Ioctl(i));
        }

        foreach (var c in plan.LayoutChecks)
        {
            Add(GeneratedParts.Layout, c.Declaration, Templates.LayoutCheck, "c", () => PlanScript.LayoutCheck(c));
        }

        return new RenderedUapi(frames, declarations.ToArray(), parts.Select(p => p.Select(f => f.Declaration).ToArray()).ToArray(),
            (part, i) => parts[part][i].Render(), notes.ToArray(), keep: true);
    }
}
