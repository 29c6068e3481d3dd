using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AccelInterop.SourceGenerator;

/// <summary>
/// Emits the uAPI bindings an <c>AccelInterop.txt</c> AdditionalFile selects, from the embedded
/// models (or <c>*.uapi.json</c> AdditionalFiles), as <c>accelgen generate --select</c> would.
/// Every pipeline value is plain equatable data, so edits elsewhere in the project cost nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class UapiBindingsGenerator : IIncrementalGenerator
{
    public const string SelectionFileName = "AccelInterop.txt";

    /// <summary>Tracked step names (the caching tests look them up).</summary>
    public static class Steps
    {
        public const string Selection = "AccelInterop.Selection";
        public const string UserModels = "AccelInterop.UserModels";
        public const string Settings = "AccelInterop.Settings";
        public const string Plan = "AccelInterop.Plan";
        public const string Units = "AccelInterop.Units";
        public const string Render = "AccelInterop.Render";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var selections = context.AdditionalTextsProvider
            .Where(t => string.Equals(Path.GetFileName(t.Path), SelectionFileName, StringComparison.OrdinalIgnoreCase))
            .Select((t, ct) => new SelectionInput(t.Path, t.GetText(ct)?.ToString() ?? ""))
            .WithTrackingName(Steps.Selection)
            .Collect();
        var userModels = context.AdditionalTextsProvider
            .Where(t => t.Path.EndsWith(".uapi.json", StringComparison.OrdinalIgnoreCase))
            .Select((t, ct) =>
            {
                var file = Path.GetFileName(t.Path);
                return new UserModelInput(file.Substring(0, file.Length - ".uapi.json".Length), t.Path, t.GetText(ct)?.ToString() ?? "");
            })
            .WithTrackingName(Steps.UserModels)
            .Collect();
        var settings = context.AnalyzerConfigOptionsProvider
            .Select((o, _) =>
            {
                o.GlobalOptions.TryGetValue("build_property.AccelInteropNamespace", out var ns);
                o.GlobalOptions.TryGetValue("build_property.AccelInteropVisibility", out var visibility);
                o.GlobalOptions.TryGetValue("build_property.AccelInteropTargets", out var targets);
                return new GeneratorSettings(string.IsNullOrWhiteSpace(ns) ? "AccelInterop.Uapi" : ns!.Trim(),
                    string.IsNullOrWhiteSpace(visibility) ? null : visibility!.Trim().ToLowerInvariant(),
                    string.IsNullOrWhiteSpace(targets) ? null : targets!.Trim());
            })
            .WithTrackingName(Steps.Settings);

        var plan = selections.Combine(userModels).Combine(settings)
            .Select((x, _) => SelectionPlanner.Plan(x.Left.Left, x.Left.Right, x.Right))
            .WithTrackingName(Steps.Plan);
        var files = plan.SelectMany((p, _) => p.Units)
            .WithTrackingName(Steps.Units)
            .Select((unit, _) => SelectionPlanner.Render(unit))
            .WithTrackingName(Steps.Render);

        context.RegisterSourceOutput(plan.Select((p, _) => p.Diagnostics), (spc, diagnostics) =>
        {
            foreach (var d in diagnostics)
            {
                var location = d.Path.Length == 0 ? Location.None : Location.Create(d.Path, d.Span, d.Lines);
                spc.ReportDiagnostic(Diagnostic.Create(GeneratorDiagnostics.For(d.Id), location, d.Message));
            }
        });
        context.RegisterSourceOutput(files, (spc, generated) =>
        {
            foreach (var f in generated)
            {
                spc.AddSource(f.HintName, SourceText.From(f.Text, Encoding.UTF8));
            }
        });
    }
}
