namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>The <c>key=value</c> lines the gcc layout probe and the libclang child process print.</summary>
internal static class KeyValueLines
{
    public static Dictionary<string, string> Parse(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
}
