using System.Collections.Generic;
using System.Linq;
using AccelInterop.Emitter.Plan;
using AccelInterop.Shared;
using Scriban.Runtime;

namespace AccelInterop.Emitter.Rendering;

/// <summary>
/// The plan as Scriban objects, one per declaration and one per part's frame, written out by hand instead of imported by reflection, so
/// the emitter keeps working when accelgen is trimmed or compiled ahead of time (NativeAOT).
/// Keys are the snake_case names the templates use; numbers arrive as C# literal spellings
/// (<see cref="Literals"/>), and <c>rt</c> holds the Runtime names from the shared names file.
/// </summary>
internal static class PlanScript
{
    /// <summary>A part's frame: everything but its declarations, with the consumer's names and the declarations left as <see cref="Holes"/>.</summary>
    public static ScriptObject Frame(UapiPlan p) => new ScriptObject
    {
        ["namespace"] = Holes.Namespace,
        ["class_name"] = Holes.ClassName,
        ["visibility"] = Holes.Visibility,
        ["source"] = p.Source,
        ["headers"] = Strings(p.Headers),
        ["targets"] = Strings(p.Targets),
        ["rt"] = Runtime,
        ["items"] = Holes.Items,
    };

    /// <summary>One declaration's globals: the Runtime names, the visibility hole, and the declaration under <paramref name="name"/>.</summary>
    public static ScriptObject Item(string name, ScriptObject item) => new ScriptObject
    {
        ["rt"] = Runtime,
        ["visibility"] = Holes.Visibility,
        [name] = item,
    };

    public static ScriptObject Struct(StructPlan s) => new ScriptObject
    {
        ["name"] = s.Name,
        ["doc"] = Strings(s.Doc),
        ["is_explicit"] = s.IsExplicit,
        ["size"] = s.Size,
        ["pack"] = s.Pack,
        ["members"] = Array(s.Members, Member),
    };

    public static ScriptObject InlineArray(InlineArrayPlan a) => new ScriptObject
    {
        ["name"] = a.Name,
        ["element"] = a.Element,
        ["length"] = a.Length,
    };

    public static ScriptObject Enum(EnumPlan e) => new ScriptObject
    {
        ["name"] = e.Name,
        ["base"] = e.Base,
        ["is_flags"] = e.IsFlags,
        ["doc"] = Strings(e.Doc),
        ["members"] = Array(e.Members, m => new ScriptObject { ["name"] = m.Name, ["value"] = Literals.Format(m.Value), ["doc"] = m.Doc }),
    };

    public static ScriptObject Constant(ConstantPlan c) => new ScriptObject
    {
        ["name"] = c.Name,
        ["type"] = c.Type,
        ["doc"] = c.Doc,
        ["literal"] = c.Value is System.Numerics.BigInteger v ? Literals.Format(v) : null,
        ["table"] = Strings(Literals.Ulongs(c.PerArchitecture)),
    };

    public static ScriptObject Ioctl(IoctlPlan i) => new ScriptObject
    {
        ["name"] = i.Name,
        ["doc"] = i.Doc,
        ["argument"] = i.Argument,
        ["direction"] = i.Direction,
        ["type_byte"] = Part(i.TypeByte),
        ["number"] = Part(i.Number),
        ["size"] = Part(i.Size),
        ["parts"] = Array(new[] { i.TypeByte, i.Number, i.Size }.Where(x => x.PerArchitecture != null), Part),
        ["table"] = Strings(Literals.Ulongs(i.PerArchitecture)),
    };

    public static ScriptObject LayoutCheck(LayoutCheckPlan c) => new ScriptObject
    {
        ["record"] = c.Record,
        ["type"] = c.Type,
        ["size"] = Strings(Literals.Longs(c.Size)),
        ["offsets"] = Array(c.Offsets, o => new ScriptObject
        {
            ["member"] = o.Member,
            ["symbol"] = o.Symbol,
            ["expected"] = Strings(Literals.Longs(o.Expected)),
        }),
        ["bitfields"] = Array(c.Bitfields, b => new ScriptObject
        {
            ["member"] = b.Member,
            ["symbol"] = b.Symbol,
            ["type"] = b.Type,
            ["bit"] = Strings(Literals.Longs(b.Bit)),
            ["width"] = Strings(Literals.Longs(b.Width)),
        }),
    };

    private static ScriptObject Member(MemberPlan m) => new ScriptObject
    {
        ["kind"] = Kind(m.Kind),
        ["name"] = m.Name,
        ["type"] = m.Type,
        ["doc"] = Strings(m.Doc),
        ["is_private"] = m.IsPrivate,
        ["field_offset"] = m.FieldOffset,
        ["must_be_zero"] = m.Abi.MustBeZero,
        ["user_pointer"] = m.Abi.UserPointer,
        ["points_to"] = m.Abi.PointsTo,
        ["count_member"] = m.Abi.CountMember,
        ["handle_kind"] = m.Abi.HandleKind,
        ["fd_kind"] = m.Abi.FileDescriptorKind,
        ["flag_enum"] = m.Abi.FlagEnum,
        ["c_type"] = m.Abi.CType,
        ["storage"] = m.Storage,
        ["storage_type"] = m.StorageType,
        ["storage_bits"] = m.StorageBits,
        ["bit"] = m.Bit,
        ["width"] = m.Width,
        ["signed"] = m.Signed,
        ["offset"] = m.Offset,
        ["offset_table"] = m.OffsetTable == null ? null : Strings(Literals.Longs(m.OffsetTable)),
        ["symbol"] = m.Symbol,
        ["through"] = m.Through,
        ["target"] = m.Target,
        ["is_ref"] = m.IsRef,
    };

    private static string Kind(MemberKind k) => k switch
    {
        MemberKind.Bitfield => "bitfield",
        MemberKind.FlexibleArray => "flexible_array",
        MemberKind.SizeOf => "size_of",
        MemberKind.Forward => "forward",
        _ => "field",
    };

    private static ScriptObject Part(RequestPart part) => new ScriptObject
    {
        ["part"] = part.Part,
        ["type"] = part.Type,
        ["literal"] = part.Value is long v ? Literals.Format(v) : null,
        ["table"] = part.PerArchitecture == null ? null : Strings(Literals.Ulongs(part.PerArchitecture)),
    };

    /// <summary>The Runtime names templates spell, from the one shared file.</summary>
    private static readonly ScriptObject Runtime = new ScriptObject
    {
        ["abi_namespace"] = RuntimeNames.AbiNamespace,
        ["ioctl_namespace"] = RuntimeNames.IoctlNamespace,
        ["must_be_zero"] = RuntimeNames.MustBeZero,
        ["user_pointer"] = RuntimeNames.UserPointer,
        ["handle"] = RuntimeNames.Handle,
        ["file_descriptor"] = RuntimeNames.FileDescriptor,
        ["points_to"] = RuntimeNames.UserPointerPointsTo,
        ["count_member"] = RuntimeNames.UserPointerCountMember,
        ["flag_family"] = RuntimeNames.FlagFamily,
        ["c_type"] = RuntimeNames.CType,
        ["request_direction"] = RuntimeNames.RequestDirection,
        ["layout_check"] = RuntimeNames.LayoutCheck,
        ["layout_check_row"] = RuntimeNames.LayoutCheckRow,
        ["layout_check_offset"] = RuntimeNames.LayoutCheckOffset,
        ["layout_check_bits"] = RuntimeNames.LayoutCheckBits,
        ["abi_layout"] = RuntimeNames.AbiLayout,
        ["abi_layout_select"] = RuntimeNames.AbiLayoutSelect,
        ["bitfield"] = RuntimeNames.Bitfield,
        ["bitfield_get"] = RuntimeNames.BitfieldGet,
        ["bitfield_get_signed"] = RuntimeNames.BitfieldGetSigned,
        ["bitfield_set"] = RuntimeNames.BitfieldSet,
        ["flexible_array"] = RuntimeNames.FlexibleArray,
        ["flexible_array_span"] = RuntimeNames.FlexibleArraySpan,
        ["flexible_array_size_of"] = RuntimeNames.FlexibleArraySizeOf,
        ["ioctl_request"] = RuntimeNames.IoctlRequest,
        ["ioctl_direction"] = RuntimeNames.IoctlDirection,
        ["ioctl_architecture"] = RuntimeNames.IoctlArchitecture,
        ["ioctl_architecture_select"] = RuntimeNames.IoctlArchitectureSelect,
        ["ioctl_architecture_current"] = RuntimeNames.IoctlArchitectureCurrent,
    };

    private static ScriptArray Strings(IEnumerable<string> items) => new ScriptArray(items.Cast<object>());

    private static ScriptArray Array<T>(IEnumerable<T> items, System.Func<T, ScriptObject> map) =>
        new ScriptArray(items.Select(i => (object)map(i)));
}
