using System.Collections.Generic;
using AccelInterop.Emitter.Planning;
using AccelInterop.Emitter.Rendering;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;

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
/// </summary>
public static class UapiEmitter
{
    /// <param name="facts">The uAPI's reviewed ABI facts (<see cref="AbiFacts.None"/> for a model nobody annotated: no ABI attributes).</param>
    public static EmitResult Emit(UapiModel model, AbiFacts facts, EmitterOptions options)
    {
        var notes = new List<string>();
        var plan = new UapiPlanner(model, facts, notes).Build(options);
        var globals = PlanScript.Globals(plan);
        var sources = new List<GeneratedSource>();
        foreach (var part in Templates.Parts)
        {
            sources.Add(new GeneratedSource($"{options.ClassName}.{part}.g.cs", Templates.Render(part, globals)));
        }

        return new EmitResult(sources, notes);
    }
}
