using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Emitter;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;
using AccelInterop.Model.Serialization;

namespace AccelInterop.SourceGenerator;

/// <summary>
/// The model path of a build: user models (<c>*.uapi.json</c> AdditionalFiles) and bindings restricted
/// to some targets (<c>AccelInteropTargets</c>), which go through the emitter as <c>accelgen</c> does.
/// Apart from <see cref="SelectionPlanner"/> so that a build selecting from the embedded uAPIs never
/// compiles this code nor loads the model assembly.
/// </summary>
internal static class UserModels
{
    /// <summary>
    /// Adds what a selection may name, in the selector's order: the embedded uAPIs, a user model of the
    /// same name in its place, then the other user models by name. A model that does not parse is a
    /// diagnostic at its line, and left out.
    /// </summary>
    public static void AddWithEmbedded(List<InputFile> files, List<SelectionIndex> indexes, List<UserModelInput?> users, List<DiagnosticInfo> diagnostics)
    {
        var parsed = new Dictionary<string, (UserModelInput Input, SelectionIndex Index)>(StringComparer.Ordinal);
        foreach (var u in files.Select(f => new UserModelInput(ModelFiles.UapiOf(System.IO.Path.GetFileName(f.Path))!, f.Path, f.Text))
                     .OrderBy(u => u.Name, StringComparer.Ordinal))
        {
            try
            {
                // A user's model has no reviewed facts: its bindings carry no ABI attributes.
                parsed[u.Name] = (u, SelectionIndex.Of(u.Name, ModelReader.Read(u.Text), AbiFacts.None));
            }
            catch (ModelFormatException e)
            {
                diagnostics.Add(SelectionPlanner.At("UAPI1002", $"{u.Name}.uapi.json: {e.Message}", u.Path, u.Text, Math.Max(1, e.Line)));
            }
        }

        foreach (var name in EmbeddedModels.Names)
        {
            var replaced = parsed.TryGetValue(name, out var user);
            indexes.Add(replaced ? user.Index : EmbeddedModels.Index(name));
            users.Add(replaced ? user.Input : null);
        }

        foreach (var user in parsed.Values.Where(u => Array.IndexOf(EmbeddedModels.Names, u.Input.Name) < 0))
        {
            indexes.Add(user.Index);
            users.Add(user.Input);
        }
    }

    /// <summary>The targets <c>AccelInteropTargets</c> keeps of a uAPI; empty when that is all of them (or none it has).</summary>
    public static string[] Targets(string uapi, UserModelInput? user, string option, List<DiagnosticInfo> diagnostics)
    {
        var model = Model(uapi, user);
        var keep = TargetFilter.Resolve(model, option.Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries), out var unknown);
        if (unknown.Count > 0)
        {
            diagnostics.Add(SelectionPlanner.Unlocated("UAPI1003", $"AccelInteropTargets: {string.Join(", ", unknown)} not a target of the {uapi} model; ignored"));
        }

        return keep.Count == 0 || keep.Count == model.Targets.Count ? Array.Empty<string>() : keep.ToArray();
    }

    /// <summary>A unit from a user model, or restricted to some targets, emitted from the model.</summary>
    public static IReadOnlyList<GeneratedSource> Emit(EmitUnit unit, EmitterOptions options, IReadOnlyCollection<string> symbols)
    {
        var model = Model(unit.Uapi, unit.UserModel);
        var facts = unit.UserModel != null ? AbiFacts.None : EmbeddedModels.Facts(unit.Uapi);
        var restricted = unit.Targets.Count == 0 ? model : TargetFilter.Restrict(model, unit.Targets.ToList());
        return UapiEmitter.Emit(restricted, facts, options, symbols).Sources;
    }

    private static UapiModel Model(string uapi, UserModelInput? user) =>
        user != null ? ModelReader.Read(user.Text) : EmbeddedModels.Get(uapi);
}
