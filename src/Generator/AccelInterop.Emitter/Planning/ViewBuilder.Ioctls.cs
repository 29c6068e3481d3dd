using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AccelInterop.Emitter.Facts;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.View;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Planning
{
    /// <summary>Typed ioctl requests with their per-architecture numbers.</summary>
    internal sealed partial class ViewBuilder
    {
        private void AddIoctls(UapiView view)
        {
            foreach (var i in _model.Ioctls)
            {
                CsType? arg = i.Argument == null ? null : _planner.Mapper.Map(i.Argument);
                if (arg != null && arg.Kind == CsTypeKind.Opaque)
                {
                    _notes.Add($"{i.Location}: {i.Name}: argument type {i.Argument} has no C# binding; request not generated");
                    continue;
                }
                // A request is usable on an architecture when its argument's C# layout is exact there.
                bool Usable(EmitterTarget t) => arg == null
                    || (arg.Layouts.TryGetValue(t.Triple, out var l) && i.Size.TryGet(t.Triple, out var s) && l.Size == s);
                var missing = _targets.Where(t => t.ArchitectureIndex >= 0 && i.ExistsOn(t.Triple) && !Usable(t)).Select(t => t.Triple).ToList();
                if (missing.Count > 0) _notes.Add($"{i.Location}: {i.Name}: unavailable on {string.Join(", ", missing)} (argument layout)");
                var iv = new IoctlView
                {
                    Name = i.Name,
                    Doc = $"<summary><c>{i.Name}</c> ({i.Location}): {Direction(i.Direction)}" +
                          (i.Argument == null ? "" : $", argument <c>{MemberFacts.Xml(MemberFacts.Spell(i.Argument))}</c>") + ".</summary>",
                    HasArgument = arg != null,
                    RequestType = arg == null ? "IoctlRequest" : $"IoctlRequest<{arg.Name}>",
                    Direction = "IoctlDirection." + Direction(i.Direction),
                    RequestTable = Literals.UlongTable(PerArchitecture(i, i.Request, Usable)),
                };
                iv.TypeByte = Field(i, iv, "Type", i.Type, "byte");
                iv.Number = Field(i, iv, "Number", i.Number, "byte");
                iv.Size = Field(i, iv, "Size", i.Size, "uint");
                view.Ioctls.Add(iv);
            }
        }

        /// <summary>
        /// A literal when the value is the same everywhere; otherwise a read of a static per-architecture
        /// table (<c>s_NAME_Size</c>), like the request number: an inline <c>new ulong?[]</c> would allocate on every use.
        /// </summary>
        private string Field(IoctlDecl i, IoctlView iv, string part, PerTarget<long> value, string type)
        {
            if (value.IsUniform) return Literals.Format(value.Value);
            var field = $"s_{i.Name}_{part}";
            iv.Tables.Add(new IoctlTableView { Name = field, Table = Literals.UlongTable(PerArchitecture(i, value.Select(v => (BigInteger)v))) });
            return $"({type})IoctlArchitecture.Select(\"{i.Name}\", {field})";
        }

        private static string Direction(Model.IoctlDirection d) => d switch
        {
            Model.IoctlDirection.Write => "Write",
            Model.IoctlDirection.Read => "Read",
            Model.IoctlDirection.ReadWrite => "ReadWrite",
            _ => "None",
        };
    }
}
