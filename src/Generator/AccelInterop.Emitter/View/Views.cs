using System.Collections.Generic;

namespace AccelInterop.Emitter.View
{
    // The view-model the templates read: plain strings and lists, decided in C# so the
    // templates only lay text out (Rendering/ViewScript hands them to Scriban in snake_case).

    /// <summary>One member line group of a struct: doc, attributes, and the declaration itself.</summary>
    public sealed class MemberView
    {
        public List<string> Doc { get; } = new List<string>();
        public List<string> Attributes { get; } = new List<string>();

        /// <summary>Declaration lines (a field, a property, or a small method), without indentation.</summary>
        public List<string> Lines { get; } = new List<string>();
    }

    public sealed class RecordView
    {
        public string Name { get; set; } = "";
        public List<string> Doc { get; } = new List<string>();

        /// <summary>The StructLayout attribute arguments: <c>LayoutKind.Explicit, Size = 48</c>.</summary>
        public string Layout { get; set; } = "";
        public List<MemberView> Members { get; } = new List<MemberView>();
    }

    public sealed class InlineArrayView
    {
        public string Name { get; set; } = "";
        public string Element { get; set; } = "";
        public long Length { get; set; }
    }

    public sealed class EnumMemberView
    {
        public string Name { get; set; } = "";
        public string Value { get; set; } = "";
        public string Doc { get; set; } = "";
    }

    public sealed class EnumView
    {
        public string Name { get; set; } = "";
        public string Base { get; set; } = "";
        public bool IsFlags { get; set; }
        public List<string> Doc { get; } = new List<string>();
        public List<EnumMemberView> Members { get; } = new List<EnumMemberView>();
    }

    /// <summary>A constant: either <c>const</c> with a literal or a property selecting the architecture's value.</summary>
    public sealed class ConstantView
    {
        public string Name { get; set; } = "";
        public string Type { get; set; } = "";
        public string Doc { get; set; } = "";

        /// <summary>The literal for a <c>const</c>; empty when the value differs between architectures.</summary>
        public string Literal { get; set; } = "";

        /// <summary>The per-architecture table (<c>new ulong?[] { ... }</c>) when there is no single literal.</summary>
        public string Table { get; set; } = "";
    }

    public sealed class IoctlView
    {
        public string Name { get; set; } = "";
        public string Doc { get; set; } = "";

        /// <summary><c>IoctlRequest&lt;drm_xe_gem_create&gt;</c> or <c>IoctlRequest</c>.</summary>
        public string RequestType { get; set; } = "";
        public bool HasArgument { get; set; }
        public string Direction { get; set; } = "";
        public string TypeByte { get; set; } = "";
        public string Number { get; set; } = "";
        public string Size { get; set; } = "";
        public string RequestTable { get; set; } = "";

        /// <summary>Static per-architecture tables of the parts (type, number, size) that differ between architectures.</summary>
        public List<IoctlTableView> Tables { get; } = new List<IoctlTableView>();
    }

    /// <summary>A static <c>ulong?[]</c> table an ioctl property reads.</summary>
    public sealed class IoctlTableView
    {
        public string Name { get; set; } = "";
        public string Table { get; set; } = "";
    }

    /// <summary>One record's layout self-check: the size row and one row per member reachable by name.</summary>
    public sealed class LayoutCheckView
    {
        public string Record { get; set; } = "";
        public string Type { get; set; } = "";
        public string SizeTable { get; set; } = "";
        public List<OffsetCheckView> Offsets { get; } = new List<OffsetCheckView>();
        public List<BitfieldCheckView> Bitfields { get; } = new List<BitfieldCheckView>();
    }

    /// <summary>A member's offset self-check: the C# member it measures, the C name its row reports, and the expected table.</summary>
    public sealed class OffsetCheckView
    {
        public string Member { get; set; } = "";
        public string Symbol { get; set; } = "";
        public string Table { get; set; } = "";
    }

    /// <summary>A bitfield's self-check: set it to all ones, find its bits (first bit and count per architecture).</summary>
    public sealed class BitfieldCheckView
    {
        public string Member { get; set; } = "";

        /// <summary>The C member name the rows report (the C# name may differ, as for a member named like its record).</summary>
        public string Symbol { get; set; } = "";
        public string Type { get; set; } = "";
        public string BitTable { get; set; } = "";
        public string WidthTable { get; set; } = "";
    }

    /// <summary>Everything one uAPI's generated files are rendered from.</summary>
    public sealed class UapiView
    {
        public string Namespace { get; set; } = "";
        public string ClassName { get; set; } = "";
        public string Source { get; set; } = "";
        public List<string> Headers { get; } = new List<string>();
        public List<string> Targets { get; } = new List<string>();
        public List<RecordView> Records { get; } = new List<RecordView>();
        public List<InlineArrayView> InlineArrays { get; } = new List<InlineArrayView>();
        public List<EnumView> Enums { get; } = new List<EnumView>();
        public List<ConstantView> Constants { get; } = new List<ConstantView>();
        public List<IoctlView> Ioctls { get; } = new List<IoctlView>();
        public List<LayoutCheckView> LayoutChecks { get; } = new List<LayoutCheckView>();
    }
}
