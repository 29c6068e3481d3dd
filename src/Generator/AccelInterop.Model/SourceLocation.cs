using System;

namespace AccelInterop.Model;

/// <summary>
/// Where a symbol is defined: the header path as C code includes it (relative to the
/// include root, e.g. <c>drm/xe_drm.h</c>) and its 1-based line.
/// </summary>
public sealed class SourceLocation : IEquatable<SourceLocation>
{
    public SourceLocation(string file, int line)
    {
        File = file ?? throw new ArgumentNullException(nameof(file));
        Line = line;
    }

    public string File { get; }
    public int Line { get; }

    public bool Equals(SourceLocation? other) => other is not null && File == other.File && Line == other.Line;
    public override bool Equals(object? obj) => Equals(obj as SourceLocation);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(File) * 31 + Line;
    public override string ToString() => $"{File}:{Line}";
}
