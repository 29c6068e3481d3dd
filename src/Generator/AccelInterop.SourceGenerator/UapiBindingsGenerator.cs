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
        public const string Inputs = "AccelInterop.Inputs";
        public const string Settings = "AccelInterop.Settings";
        public const string Plan = "AccelInterop.Plan";
        public const string Units = "AccelInterop.Units";
    }

    /// <remarks>
    /// Few nodes, and values that are classes: in a cold compiler process each further node, and each
    /// node over a value type, is compiled before it runs, and that costs more than this generator's
    /// own work. The compiler's own image has its node code precompiled only for reference types from
    /// its own assemblies, so the collected files (an <c>ImmutableArray</c>) become a class before the
    /// <c>Combine</c>: pairing two classes reuses code the compiler has, while pairing the array would
    /// compile a whole family of nodes, tables and builders over that value type (about 90 methods).
    /// A unit is rendered in its output step, which runs again only for a unit that changed.
    /// </remarks>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var inputs = context.AdditionalTextsProvider
            .Where(t => SelectionPlanner.IsSelection(t.Path) || SelectionPlanner.IsUserModel(t.Path))
            .Select((t, ct) => new InputFile(t.Path, t.GetText(ct)?.ToString() ?? ""))
            .WithTrackingName(Steps.Inputs)
            .Collect()
            .Select((files, _) => InputFile.Array(files));
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

        var plan = inputs.Combine(settings)
            .Select((x, _) => SelectionPlanner.Plan(x.Left, x.Right))
            .WithTrackingName(Steps.Plan);

        context.RegisterSourceOutput(plan, (spc, p) =>
        {
            for (var i = 0; i < p.Diagnostics.Count; i++)
            {
                var d = p.Diagnostics[i];
                var location = d.Path.Length == 0 ? Location.None : Location.Create(d.Path, d.Span, d.Lines);
                spc.ReportDiagnostic(Diagnostic.Create(GeneratorDiagnostics.For(d.Id), location, d.Message));
            }
        });
        context.RegisterSourceOutput(plan.SelectMany((p, _) => p.Units).WithTrackingName(Steps.Units), (spc, unit) =>
        {
            foreach (var f in SelectionPlanner.Render(unit))
            {
                spc.AddSource(f.FileName, SourceText.From(f.Text, Encoding.UTF8));
            }
        });
    }
}
