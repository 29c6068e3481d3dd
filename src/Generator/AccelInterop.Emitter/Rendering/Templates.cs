using System;
using System.Collections.Generic;
using System.IO;
using Scriban;
using Scriban.Runtime;

namespace AccelInterop.Emitter.Rendering;

/// <summary>
/// The embedded Scriban templates, parsed once: a frame per generated file (<see cref="GeneratedParts"/>)
/// and one template per kind of declaration, each rendered from its own plan object.
/// </summary>
internal static class Templates
{
    /// <summary>The declaration templates (their file names).</summary>
    public const string Struct = "Struct";
    public const string InlineArray = "InlineArray";
    public const string Enum = "Enum";
    public const string Constant = "Constant";
    public const string Ioctl = "Ioctl";
    public const string LayoutCheck = "LayoutCheck";

    private static readonly Dictionary<string, Template> Parsed = new Dictionary<string, Template>(StringComparer.Ordinal);

    // Building Scriban's builtin functions costs more than rendering a small declaration: shared (templates never write to them).
    private static readonly ScriptObject Builtins = TemplateContext.GetDefaultBuiltinObject();

    /// <param name="globals">What the template reads (<see cref="PlanScript"/>); never written to.</param>
    public static string Render(string name, ScriptObject globals)
    {
        var template = Load(name);
        var context = new TemplateContext(Builtins)
        {
            StrictVariables = true,
            LoopLimit = int.MaxValue,
            NewLine = "\n",
        };
        context.PushGlobal(globals);
        // A template's own assignments land here, so the shared plan globals stay as built.
        context.PushGlobal(new ScriptObject());
        var text = template.Render(context);
        return text.Replace("\r\n", "\n");
    }

    private static Template Load(string name)
    {
        lock (Parsed)
        {
            if (Parsed.TryGetValue(name, out var t))
            {
                return t;
            }

            var resource = $"AccelInterop.Emitter.Templates.{name}.sbncs";
            using var stream = typeof(Templates).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"template {resource} is not embedded");
            using var reader = new StreamReader(stream);
            t = Template.Parse(reader.ReadToEnd(), resource);
            if (t.HasErrors)
            {
                throw new InvalidOperationException($"template {resource}: {t.Messages}");
            }

            Parsed[name] = t;
            return t;
        }
    }
}
