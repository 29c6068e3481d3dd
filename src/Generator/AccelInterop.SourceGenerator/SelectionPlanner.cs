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
    public static SelectionPlan Plan(ImmutableArray<SelectionInput> selections, ImmutableArray<UserModelInput> userModels, GeneratorSettings settings)
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
        var users = new Dictionary<string, UserModelInput>(StringComparer.Ordinal);
        var userParsed = new Dictionary<string, UapiModel>(StringComparer.Ordinal);
        foreach (var u in userModels.OrderBy(u => u.Name, StringComparer.Ordinal))
        {
            try
            {
                userParsed[u.Name] = ModelReader.Read(u.Text);
                users[u.Name] = u;
            }
            catch (ModelFormatException e)
            {
                diagnostics.Add(At("UAPI1002", $"{u.Name}.uapi.json: {e.Message}", u.Path, u.Text, Math.Max(1, e.Line)));
            }
        }
        var parse = SelectionFile.Parse(selection.Text);
        var result = UapiSelector.Select(Models(userParsed, n => EmbeddedModels.Reaches(n, parse)), parse);
        if (result.Errors.Count > parse.Errors.Count)
        {
            // A line no reached model declares: every model's names are needed for its suggestions.
            result = UapiSelector.Select(Models(userParsed, _ => true), parse);
        }

        foreach (var e in result.Errors)
        {
            diagnostics.Add(At("UAPI1001", e.FullMessage, selection.Path, selection.Text, e.Line));
        }

        var units = result.Models.Select(m =>
        {
            var options = EmitterOptions.For(m.Name, settings.NamespaceRoot);
            users.TryGetValue(m.Name, out var user);
            var targets = m.Model.Targets;
            if (!string.IsNullOrWhiteSpace(settings.Targets))
            {
                var keep = TargetFilter.Resolve(m.Model, settings.Targets!.Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries), out var unknown);
                if (unknown.Count > 0)
                {
                    diagnostics.Add(Unlocated("UAPI1003", $"AccelInteropTargets: {string.Join(", ", unknown)} not a target of the {m.Name} model; ignored"));
                }

                if (keep.Count > 0)
                {
                    targets = keep;
                }
            }
            return new EmitUnit(m.Name, options.Namespace, options.ClassName, visibility, new EquatableArray<string>(targets), user, new EquatableArray<string>(m.Symbols ?? Array.Empty<string>()));
        }).ToList(); // materialised here: the loop adds diagnostics
        return new SelectionPlan(new EquatableArray<EmitUnit>(units), new EquatableArray<DiagnosticInfo>(diagnostics));
    }

    /// <summary>The embedded models <paramref name="reached"/> keeps (a user model of the same name instead), then the other user models.</summary>
    private static List<NamedModel> Models(Dictionary<string, UapiModel> users, Func<string, bool> reached)
    {
        var models = EmbeddedModels.Names
            .Where(n => users.ContainsKey(n) || reached(n))
            .Select(n => users.TryGetValue(n, out var user) ? new NamedModel(n, user, AbiFacts.None) : EmbeddedModels.Named(n))
            .ToList();
        // A user's model has no reviewed facts: its bindings carry no ABI attributes.
        models.AddRange(users.Where(u => !EmbeddedModels.Names.Contains(u.Key)).Select(u => new NamedModel(u.Key, u.Value, AbiFacts.None)));
        return models;
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

    /// <summary>Renders one unit exactly as <c>accelgen generate</c> does for the same model and selection.</summary>
    public static EquatableArray<GeneratedFile> Render(EmitUnit unit)
    {
        var model = unit.UserModel != null ? ModelReader.Read(unit.UserModel.Text) : EmbeddedModels.Get(unit.Uapi);
        var subset = UapiSelector.Restrict(TargetFilter.Restrict(model, unit.Targets.ToList()), unit.Symbols);
        var facts = unit.UserModel != null ? AbiFacts.None : EmbeddedModels.Facts(unit.Uapi);
        var result = UapiEmitter.Emit(subset, facts, new EmitterOptions(unit.Namespace, unit.ClassName, unit.Visibility));
        return new EquatableArray<GeneratedFile>(result.Sources.Select(s => new GeneratedFile(s.FileName, s.Text)));
    }
}
