using System;
using System.Collections.Generic;
using System.IO;
using Scriban;
using Scriban.Runtime;

namespace AccelInterop.Emitter.Rendering;

/// <summary>The embedded Scriban templates, parsed once, rendered with the uAPI plan as globals.</summary>
internal static class Templates
{
    /// <summary>One generated file per part, in this order.</summary>
    public static readonly string[] Parts = { "Types", "Constants", "Ioctls", "Layout" };

    private static readonly Dictionary<string, Template> Parsed = new Dictionary<string, Template>(StringComparer.Ordinal);

    /// <param name="globals">The plan as <see cref="PlanScript.Globals"/> gives it: built once for all parts (templates only read it).</param>
    public static string Render(string part, ScriptObject globals)
    {
        var template = Load(part);
        var context = new TemplateContext
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

    private static Template Load(string part)
    {
        lock (Parsed)
        {
            if (Parsed.TryGetValue(part, out var t))
            {
                return t;
            }

            var name = $"AccelInterop.Emitter.Templates.{part}.sbncs";
            using var stream = typeof(Templates).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"template {name} is not embedded");
            using var reader = new StreamReader(stream);
            t = Template.Parse(reader.ReadToEnd(), name);
            if (t.HasErrors)
            {
                throw new InvalidOperationException($"template {name}: {t.Messages}");
            }

            Parsed[part] = t;
            return t;
        }
    }
}
