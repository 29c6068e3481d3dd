using AccelInterop.Scanner.Clang;

namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// Tells request macros from other constants: a macro is a request when its expansion
/// reaches the kernel's <c>_IOC()</c>, through any number of wrappers (DRM_IOWR → _IOWR → _IOC).
/// </summary>
internal sealed class IoctlMacroClassifier(Dictionary<string, Cursor> macros)
{
    private const string Root = "_IOC";
    private readonly Dictionary<string, bool> _memo = new(StringComparer.Ordinal);

    public bool IsRequest(string name) => Reaches(name, 0);

    private bool Reaches(string name, int depth)
    {
        if (_memo.TryGetValue(name, out var known)) return known;
        if (depth > 64 || !macros.TryGetValue(name, out var def)) return false;
        _memo[name] = false; // breaks cycles
        var result = false;
        foreach (var token in def.Tokens().Skip(1)) // the first token is the macro's own name
        {
            if (token.Kind != TokenKind.Identifier) continue;
            if (token.Spelling == Root || Reaches(token.Spelling, depth + 1)) { result = true; break; }
        }
        _memo[name] = result;
        return result;
    }
}
