using System;
using System.Collections.Generic;
using AccelInterop.Emitter;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model.Serialization;
using Microsoft.CodeAnalysis.Text;

namespace AccelInterop.SourceGenerator;

/// <summary>Resolves the selection against the embedded and user models into emit units and diagnostics.</summary>
/// <remarks>
/// Plain loops, no LINQ or closures, and the user models' code in <see cref="UserModels"/>: a cold
/// compiler process compiles every method and generic instantiation this runs, and a selection from
/// the embedded uAPIs should load neither the model assembly nor the emitter's model path.
/// </remarks>
internal static class SelectionPlanner
{
    public static bool IsSelection(string path) =>
        string.Equals(System.IO.Path.GetFileName(path), UapiBindingsGenerator.SelectionFileName, StringComparison.OrdinalIgnoreCase);

    /// <summary>A <c>*.uapi.json</c> file (<see cref="ModelFiles.UapiOf"/> names its uAPI, where the model path needs it).</summary>
    public static bool IsUserModel(string path) => path.EndsWith(ModelFiles.ModelSuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The AdditionalFiles the pipeline collected: selection files, and user models named by their file.</summary>
    public static SelectionPlan Plan(EquatableArray<InputFile> files, GeneratorSettings settings)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var visibility = settings.Visibility ?? Visibility.Public;
        if (!Visibility.IsKnown(visibility))
        {
            diagnostics.Add(Unlocated("UAPI1003", "AccelInteropVisibility '" + settings.Visibility + "' is not public or internal; public is used"));
            visibility = Visibility.Public;
        }

        // The selection files in path order (an insertion keeps equal paths in the order given), and the user models.
        var selections = new List<InputFile>();
        List<InputFile>? userFiles = null;
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (!IsSelection(file.Path))
            {
                (userFiles ??= new List<InputFile>()).Add(file);
                continue;
            }

            var at = selections.Count;
            while (at > 0 && string.CompareOrdinal(selections[at - 1].Path, file.Path) > 0)
            {
                at--;
            }

            selections.Insert(at, file);
        }

        if (selections.Count == 0)
        {
            return new SelectionPlan(new EquatableArray<EmitUnit>(Array.Empty<EmitUnit>()), new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        var selection = selections[0];
        for (var i = 1; i < selections.Count; i++)
        {
            diagnostics.Add(At("UAPI1004", "only one AccelInterop.txt is read (" + selection.Path + "); this one is ignored", selections[i].Path, selections[i].Text, 1));
        }

        // What a selection may name, in the selector's order: the embedded uAPIs (a user model of the
        // same name in its place), then the other user models by name.
        var indexes = new List<SelectionIndex>();
        var users = new List<UserModelInput?>();
        if (userFiles == null)
        {
            foreach (var name in EmbeddedModels.Names)
            {
                indexes.Add(EmbeddedModels.Index(name));
                users.Add(null);
            }
        }
        else
        {
            UserModels.AddWithEmbedded(userFiles, indexes, users, diagnostics);
        }

        var (selected, errors) = UapiSelector.Resolve(indexes, SelectionFile.Parse(selection.Text));
        for (var i = 0; i < errors.Count; i++)
        {
            diagnostics.Add(At("UAPI1001", errors[i].FullMessage, selection.Path, selection.Text, errors[i].Line));
        }

        var units = new EmitUnit[selected.Count];
        for (var i = 0; i < units.Length; i++)
        {
            var s = selected[i];
            var options = EmitterOptions.For(s.Name, settings.NamespaceRoot);
            UserModelInput? user = null;
            for (var k = 0; k < indexes.Count; k++)
            {
                if (indexes[k].Uapi == s.Name)
                {
                    user = users[k];
                    break;
                }
            }

            var targets = string.IsNullOrWhiteSpace(settings.Targets) ? Array.Empty<string>() : UserModels.Targets(s.Name, user, settings.Targets!, diagnostics);
            units[i] = new EmitUnit(s.Name, options.Namespace, options.ClassName, visibility, new EquatableArray<string>(targets), user, new EquatableArray<string>(s.Symbols));
        }

        return new SelectionPlan(new EquatableArray<EmitUnit>(units), new EquatableArray<DiagnosticInfo>(diagnostics));
    }

    public static DiagnosticInfo Unlocated(string id, string message) =>
        new DiagnosticInfo(id, message, "", default, default);

    /// <summary>A diagnostic spanning line <paramref name="line"/> (1-based) of a file, without its line end.</summary>
    public static DiagnosticInfo At(string id, string message, string path, string text, int line)
    {
        var start = 0;
        for (var l = 1; l < line && start < text.Length; l++)
        {
            var nl = text.IndexOf('\n', start);
            start = nl < 0 ? text.Length : nl + 1;
        }
        var end = text.IndexOf('\n', start);
        if (end < 0)
        {
            end = text.Length;
        }

        if (end > start && text[end - 1] == '\r')
        {
            end--;
        }

        var lines = new LinePositionSpan(new LinePosition(line - 1, 0), new LinePosition(line - 1, end - start));
        return new DiagnosticInfo(id, message, path, TextSpan.FromBounds(start, end), lines);
    }

    /// <summary>
    /// Renders one unit exactly as <c>accelgen generate</c> does for the same model and selection: an
    /// embedded uAPI for every target from its precompiled rendering (the same templates' text), else
    /// from the model.
    /// </summary>
    public static IReadOnlyList<GeneratedSource> Render(EmitUnit unit)
    {
        var options = new EmitterOptions(unit.Namespace, unit.ClassName, unit.Visibility);
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < unit.Symbols.Count; i++)
        {
            symbols.Add(unit.Symbols[i]);
        }

        return unit.UserModel == null && unit.Targets.Count == 0
            ? EmbeddedModels.Rendered(unit.Uapi).Emit(options, symbols).Sources
            : UserModels.Emit(unit, options, symbols);
    }
}
