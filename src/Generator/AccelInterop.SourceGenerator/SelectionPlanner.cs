using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AccelInterop.Emitter;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;
using AccelInterop.Model.Serialization;
using Microsoft.CodeAnalysis.Text;

namespace AccelInterop.SourceGenerator;

/// <summary>Resolves the selection against the embedded and user models into emit units and diagnostics.</summary>
internal static class SelectionPlanner
{
    public static bool IsSelection(string path) =>
        string.Equals(System.IO.Path.GetFileName(path), UapiBindingsGenerator.SelectionFileName, StringComparison.OrdinalIgnoreCase);

    public static bool IsUserModel(string path) => ModelFiles.UapiOf(path) != null;

    /// <summary>The AdditionalFiles the pipeline collected: selection files, and user models named by their file.</summary>
    public static SelectionPlan Plan(EquatableArray<InputFile> files, GeneratorSettings settings)
    {
        var selections = files.Where(f => IsSelection(f.Path)).ToImmutableArray();
        var userModels = files.Where(f => !IsSelection(f.Path))
            .Select(f => new UserModelInput(ModelFiles.UapiOf(System.IO.Path.GetFileName(f.Path))!, f.Path, f.Text)).ToImmutableArray();
        return Plan(selections, userModels, settings);
    }

    public static SelectionPlan Plan(ImmutableArray<InputFile> selections, ImmutableArray<UserModelInput> userModels, GeneratorSettings settings)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var visibility = settings.Visibility ?? Visibility.Public;
        if (!Visibility.IsKnown(visibility))
        {
            diagnostics.Add(Unlocated("UAPI1003", $"AccelInteropVisibility '{settings.Visibility}' is not public or internal; public is used"));
            visibility = Visibility.Public;
        }
        if (selections.Length == 0)
        {
            return new SelectionPlan(new EquatableArray<EmitUnit>(Array.Empty<EmitUnit>()), new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        var ordered = selections.OrderBy(s => s.Path, StringComparer.Ordinal).ToList();
        foreach (var extra in ordered.Skip(1))
        {
            diagnostics.Add(At("UAPI1004", $"only one AccelInterop.txt is read ({ordered[0].Path}); this one is ignored", extra.Path, extra.Text, 1));
        }

        var selection = ordered[0];

        // A user model replaces the embedded one of the same name; others follow in name order.
        var users = UserModels(userModels, diagnostics);
        var indexes = EmbeddedModels.Names.Select(n => users.TryGetValue(n, out var user) ? user.Index : EmbeddedModels.Index(n)).ToList();
        indexes.AddRange(users.Values.Where(u => !EmbeddedModels.Names.Contains(u.Input.Name)).Select(u => u.Index));
        var (selected, errors) = UapiSelector.Resolve(indexes, SelectionFile.Parse(selection.Text));
        foreach (var e in errors)
        {
            diagnostics.Add(At("UAPI1001", e.FullMessage, selection.Path, selection.Text, e.Line));
        }

        var units = selected.Select(s =>
        {
            var options = EmitterOptions.For(s.Name, settings.NamespaceRoot);
            users.TryGetValue(s.Name, out var user);
            var targets = string.IsNullOrWhiteSpace(settings.Targets) ? Array.Empty<string>() : Targets(s.Name, user, settings.Targets!, diagnostics);
            return new EmitUnit(s.Name, options.Namespace, options.ClassName, visibility, new EquatableArray<string>(targets), user?.Input, new EquatableArray<string>(s.Symbols));
        }).ToList(); // materialised here: the loop adds diagnostics
        return new SelectionPlan(new EquatableArray<EmitUnit>(units), new EquatableArray<DiagnosticInfo>(diagnostics));
    }

    private sealed class UserModel
    {
        public UserModel(UserModelInput input, UapiModel model)
        {
            Input = input;
            Model = model;
            // A user's model has no reviewed facts: its bindings carry no ABI attributes.
            Index = SelectionIndex.Of(input.Name, model, AbiFacts.None);
        }

        public UserModelInput Input { get; }
        public UapiModel Model { get; }
        public SelectionIndex Index { get; }
    }

    /// <summary>The <c>*.uapi.json</c> AdditionalFiles that parse, by name; each that does not is a diagnostic at its line.</summary>
    private static Dictionary<string, UserModel> UserModels(ImmutableArray<UserModelInput> inputs, List<DiagnosticInfo> diagnostics)
    {
        var users = new Dictionary<string, UserModel>(StringComparer.Ordinal);
        foreach (var u in inputs.OrderBy(u => u.Name, StringComparer.Ordinal))
        {
            try
            {
                users[u.Name] = new UserModel(u, ModelReader.Read(u.Text));
            }
            catch (ModelFormatException e)
            {
                diagnostics.Add(At("UAPI1002", $"{u.Name}.uapi.json: {e.Message}", u.Path, u.Text, Math.Max(1, e.Line)));
            }
        }
        return users;
    }

    /// <summary>The targets <c>AccelInteropTargets</c> keeps of a uAPI; empty when that is all of them (or none it has).</summary>
    private static string[] Targets(string uapi, UserModel? user, string option, List<DiagnosticInfo> diagnostics)
    {
        var model = user?.Model ?? EmbeddedModels.Get(uapi);
        var keep = TargetFilter.Resolve(model, option.Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries), out var unknown);
        if (unknown.Count > 0)
        {
            diagnostics.Add(Unlocated("UAPI1003", $"AccelInteropTargets: {string.Join(", ", unknown)} not a target of the {uapi} model; ignored"));
        }

        return keep.Count == 0 || keep.Count == model.Targets.Count ? Array.Empty<string>() : keep.ToArray();
    }

    private static DiagnosticInfo Unlocated(string id, string message) =>
        new DiagnosticInfo(id, message, "", default, default);

    /// <summary>A diagnostic spanning line <paramref name="line"/> (1-based) of a file, without its line end.</summary>
    private static DiagnosticInfo At(string id, string message, string path, string text, int line)
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
        var result = unit.UserModel == null && unit.Targets.Count == 0
            ? EmbeddedModels.Rendered(unit.Uapi).Emit(options, unit.Symbols.ToList())
            : FromModel(unit, options);
        return result.Sources;
    }

    private static EmitResult FromModel(EmitUnit unit, EmitterOptions options)
    {
        var model = unit.UserModel != null ? ModelReader.Read(unit.UserModel.Text) : EmbeddedModels.Get(unit.Uapi);
        var facts = unit.UserModel != null ? AbiFacts.None : EmbeddedModels.Facts(unit.Uapi);
        var restricted = unit.Targets.Count == 0 ? model : TargetFilter.Restrict(model, unit.Targets.ToList());
        return UapiEmitter.Emit(restricted, facts, options, unit.Symbols.ToList());
    }
}
