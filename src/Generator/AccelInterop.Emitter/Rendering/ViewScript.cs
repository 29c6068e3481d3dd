using System.Collections.Generic;
using System.Linq;
using AccelInterop.Emitter.View;
using Scriban.Runtime;

namespace AccelInterop.Emitter.Rendering
{
    /// <summary>
    /// The view as Scriban objects, written out by hand instead of imported by reflection, so
    /// the emitter keeps working when accelgen is trimmed or compiled ahead of time (NativeAOT).
    /// Keys are the snake_case names the templates use.
    /// </summary>
    internal static class ViewScript
    {
        public static ScriptObject Globals(UapiView v) => new ScriptObject
        {
            ["namespace"] = v.Namespace,
            ["class_name"] = v.ClassName,
            ["source"] = v.Source,
            ["headers"] = Strings(v.Headers),
            ["targets"] = Strings(v.Targets),
            ["records"] = Array(v.Records, r => new ScriptObject
            {
                ["name"] = r.Name,
                ["doc"] = Strings(r.Doc),
                ["layout"] = r.Layout,
                ["members"] = Array(r.Members, m => new ScriptObject
                {
                    ["doc"] = Strings(m.Doc),
                    ["attributes"] = Strings(m.Attributes),
                    ["lines"] = Strings(m.Lines),
                }),
            }),
            ["inline_arrays"] = Array(v.InlineArrays, a => new ScriptObject
            {
                ["name"] = a.Name, ["element"] = a.Element, ["length"] = a.Length,
            }),
            ["enums"] = Array(v.Enums, e => new ScriptObject
            {
                ["name"] = e.Name,
                ["base"] = e.Base,
                ["is_flags"] = e.IsFlags,
                ["doc"] = Strings(e.Doc),
                ["members"] = Array(e.Members, m => new ScriptObject { ["name"] = m.Name, ["value"] = m.Value, ["doc"] = m.Doc }),
            }),
            ["constants"] = Array(v.Constants, c => new ScriptObject
            {
                ["name"] = c.Name, ["type"] = c.Type, ["doc"] = c.Doc, ["literal"] = c.Literal, ["table"] = c.Table,
            }),
            ["ioctls"] = Array(v.Ioctls, i => new ScriptObject
            {
                ["name"] = i.Name, ["doc"] = i.Doc, ["request_type"] = i.RequestType, ["has_argument"] = i.HasArgument,
                ["direction"] = i.Direction, ["type_byte"] = i.TypeByte, ["number"] = i.Number, ["size"] = i.Size,
                ["request_table"] = i.RequestTable,
                ["tables"] = Array(i.Tables, t => new ScriptObject { ["name"] = t.Name, ["table"] = t.Table }),
            }),
            ["layout_checks"] = Array(v.LayoutChecks, c => new ScriptObject
            {
                ["record"] = c.Record,
                ["type"] = c.Type,
                ["size_table"] = c.SizeTable,
                ["offsets"] = Array(c.Offsets, o => new ScriptObject { ["member"] = o.Member, ["symbol"] = o.Symbol, ["table"] = o.Table }),
                ["bitfields"] = Array(c.Bitfields, b => new ScriptObject
                {
                    ["member"] = b.Member, ["symbol"] = b.Symbol, ["type"] = b.Type, ["bit_table"] = b.BitTable, ["width_table"] = b.WidthTable,
                }),
            }),
        };

        private static ScriptArray Strings(IEnumerable<string> items) => new ScriptArray(items.Cast<object>());

        private static ScriptArray Array<T>(IEnumerable<T> items, System.Func<T, ScriptObject> map) =>
            new ScriptArray(items.Select(i => (object)map(i)));
    }
}
