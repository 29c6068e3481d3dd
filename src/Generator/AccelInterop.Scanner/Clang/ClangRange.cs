using AccelInterop.Scanner.Clang.Native;

namespace AccelInterop.Scanner.Clang;

/// <summary>
/// A half-open source range of a translation unit (a cursor's extent), usable with
/// <see cref="TranslationUnit.Tokenize"/>. Like <see cref="Cursor"/>, it is only valid while its
/// translation unit is alive.
/// </summary>
public readonly struct ClangRange
{
    private readonly CXSourceRange _native;
    private readonly TranslationUnit? _owner;

    internal ClangRange(CXSourceRange native, TranslationUnit owner)
    {
        _native = native;
        _owner = owner;
    }

    /// <summary>The first character, as an expansion location.</summary>
    public ClangLocation Start => ClangLocation.Expansion(NativeMethods.clang_getRangeStart(Native));

    /// <summary>One past the last character, as an expansion location.</summary>
    public ClangLocation End => ClangLocation.Expansion(NativeMethods.clang_getRangeEnd(Native));

    internal TranslationUnit Owner => _owner ?? throw new InvalidOperationException("default(ClangRange) belongs to no translation unit");

    internal CXSourceRange Native
    {
        get
        {
            Owner.ThrowIfDisposed();
            return _native;
        }
    }

    public override string ToString() => _owner is null || _owner.IsDisposed ? "<range>" : $"{Start}-{End.Line}:{End.Column}";
}
