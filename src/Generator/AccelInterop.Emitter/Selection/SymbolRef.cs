using System;

namespace AccelInterop.Emitter.Selection;

internal enum SymbolKind { Record, Enum, Constant, Ioctl }

/// <summary>A declaration of one model, by kind and id (record/enum id, macro name).</summary>
internal readonly struct SymbolRef : IEquatable<SymbolRef>
{
    private SymbolRef(SymbolKind kind, string id)
    {
        Kind = kind;
        Id = id;
    }

    public SymbolKind Kind { get; }
    public string Id { get; }

    public static SymbolRef Record(string id) => new SymbolRef(SymbolKind.Record, id);
    public static SymbolRef Enum(string id) => new SymbolRef(SymbolKind.Enum, id);
    public static SymbolRef Constant(string name) => new SymbolRef(SymbolKind.Constant, name);
    public static SymbolRef Ioctl(string name) => new SymbolRef(SymbolKind.Ioctl, name);

    /// <summary>A stable text form, <c>Record:drm_xe_gem_create</c>.</summary>
    public string Key => Kind + ":" + Id;

    public static SymbolRef Parse(string key)
    {
        var colon = key.IndexOf(':');
        return new SymbolRef((SymbolKind)System.Enum.Parse(typeof(SymbolKind), key.Substring(0, colon)), key.Substring(colon + 1));
    }

    public bool Equals(SymbolRef other) => Kind == other.Kind && string.Equals(Id, other.Id, StringComparison.Ordinal);
    public override bool Equals(object? obj) => obj is SymbolRef other && Equals(other);
    public override int GetHashCode() => ((int)Kind * 397) ^ StringComparer.Ordinal.GetHashCode(Id);
}
