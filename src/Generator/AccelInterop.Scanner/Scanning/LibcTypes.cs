namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// Types some uAPI headers use without including the C library header that declares them
/// (<c>linux/omapfb.h</c> uses <c>size_t</c>, <c>linux/coda.h</c> <c>int64_t</c> and <c>u_short</c>): their
/// users include it first. <c>stdint.h</c>, <c>stddef.h</c> and <c>stdbool.h</c> come with the compiler,
/// so they work for every target; <c>sys/types.h</c> needs the target's C library headers.
/// </summary>
internal static class LibcTypes
{
    private static readonly Dictionary<string, string> HeaderOf = new(StringComparer.Ordinal)
    {
        ["int8_t"] = "stdint.h",
        ["int16_t"] = "stdint.h",
        ["int32_t"] = "stdint.h",
        ["int64_t"] = "stdint.h",
        ["uint8_t"] = "stdint.h",
        ["uint16_t"] = "stdint.h",
        ["uint32_t"] = "stdint.h",
        ["uint64_t"] = "stdint.h",
        ["intptr_t"] = "stdint.h",
        ["uintptr_t"] = "stdint.h",
        ["intmax_t"] = "stdint.h",
        ["uintmax_t"] = "stdint.h",
        ["size_t"] = "stddef.h",
        ["ptrdiff_t"] = "stddef.h",
        ["wchar_t"] = "stddef.h",
        ["max_align_t"] = "stddef.h",
        ["bool"] = "stdbool.h",
        ["u_char"] = "sys/types.h",
        ["u_short"] = "sys/types.h",
        ["u_int"] = "sys/types.h",
        ["u_long"] = "sys/types.h",
        ["u_quad_t"] = "sys/types.h",
        ["caddr_t"] = "sys/types.h",
        ["ssize_t"] = "sys/types.h",
        ["off_t"] = "sys/types.h",
        ["pid_t"] = "sys/types.h",
        ["uid_t"] = "sys/types.h",
        ["gid_t"] = "sys/types.h",
        ["mode_t"] = "sys/types.h",
        ["dev_t"] = "sys/types.h",
        ["ino_t"] = "sys/types.h",
    };

    private const string UnknownType = "unknown type name '";

    /// <summary>
    /// When <paramref name="first"/> is an unknown C library type: the headers that declare every such
    /// type in <paramref name="all"/>, first's first; otherwise none.
    /// </summary>
    public static IReadOnlyList<string> Suggest(string first, IEnumerable<string> all)
    {
        if (TypeIn(first) is not { } type || !HeaderOf.TryGetValue(type, out var header))
        {
            return [];
        }

        return all.Select(TypeIn).OfType<string>().Where(HeaderOf.ContainsKey).Select(t => HeaderOf[t])
            .Prepend(header).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The sentence that says <paramref name="first"/> is a C library type and which switches fix the scan.</summary>
    public static string Hint(string first, IReadOnlyList<string> includes) =>
        includes.Count == 0 || TypeIn(first) is not { } type ? ""
            : $": {type} is a C library type from <{includes[0]}>, which the header expects its user to include first; " +
              $"scan with {string.Join(" ", includes.Select(h => "--include " + h))}";

    private static string? TypeIn(string message)
    {
        var at = message.IndexOf(UnknownType, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + UnknownType.Length;
        var end = message.IndexOf('\'', start);
        return end > start ? message[start..end] : null;
    }
}
