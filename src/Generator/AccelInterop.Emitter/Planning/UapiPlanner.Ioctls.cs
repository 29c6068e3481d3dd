using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AccelInterop.Emitter.Facts;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.Plan;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Planning;

/// <summary>Typed ioctl requests with their per-architecture numbers.</summary>
internal sealed partial class UapiPlanner
{
    private void AddIoctls(UapiPlan view)
    {
        foreach (var i in _model.Ioctls)
        {
            CsType? arg = i.Argument == null ? null : _planner.Mapper.Map(i.Argument);
            if (arg != null && arg.Kind == CsTypeKind.Opaque)
            {
                _notes.Add(new EmitNote(SymbolRef.Ioctl(i.Name).Key, $"{i.Location}: {i.Name}: argument type {i.Argument} has no C# binding; request not generated"));
                continue;
            }
            // A request is usable on an architecture when its argument's C# layout is exact there.
            bool Usable(EmitterTarget t) => arg == null
                || (arg.Layouts.TryGetValue(t.Triple, out var l) && i.Size.TryGet(t.Triple, out var s) && l.Size == s);
            var missing = _targets.Where(t => t.ArchitectureIndex >= 0 && i.ExistsOn(t.Triple) && !Usable(t)).Select(t => t.Triple).ToList();
            if (missing.Count > 0)
            {
                _notes.Add(new EmitNote(SymbolRef.Ioctl(i.Name).Key, $"{i.Location}: {i.Name}: unavailable on {string.Join(", ", missing)} (argument layout)"));
            }

            var iv = new IoctlPlan(i.Name, $"<summary><c>{i.Name}</c> ({i.Location}): {Direction(i.Direction)}" +
                      (i.Argument == null ? "" : $", argument <c>{MemberFacts.Xml(MemberFacts.Spell(i.Argument))}</c>") + ".</summary>")
            {
                Argument = arg?.Name,
                Direction = Direction(i.Direction),
                PerArchitecture = PerArchitecture(i, i.Request, Usable),
                TypeByte = Part(i, "Type", i.Type, "byte"),
                Number = Part(i, "Number", i.Number, "byte"),
                Size = Part(i, "Size", i.Size, "uint"),
                Declaration = new EmitDeclaration(null, new[] { SymbolRef.Ioctl(i.Name).Key }, false, arg == null ? NoSymbols : new[] { arg.Name }),
            };
            view.Ioctls.Add(iv);
        }
    }

    /// <summary>
    /// One value when it is the same everywhere; otherwise a table per architecture, which the template
    /// makes a static field (an inline <c>new ulong?[]</c> would allocate on every use).
    /// </summary>
    private RequestPart Part(IoctlDecl i, string part, PerTarget<long> value, string type) =>
        value.IsUniform ? new RequestPart(part, type, value.Value, null)
            : new RequestPart(part, type, null, PerArchitecture(i, value.Select(v => (BigInteger)v)));

    private static string Direction(Model.IoctlDirection d) => d switch
    {
        Model.IoctlDirection.Write => "Write",
        Model.IoctlDirection.Read => "Read",
        Model.IoctlDirection.ReadWrite => "ReadWrite",
        _ => "None",
    };
}
