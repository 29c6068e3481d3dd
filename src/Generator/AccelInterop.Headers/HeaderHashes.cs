using System.Security.Cryptography;

namespace AccelInterop.Headers;

/// <summary>A manifest file whose cached content does not match its recorded hash.</summary>
/// <param name="File">Manifest key (relative to <c>include/</c>).</param>
/// <param name="Expected">sha256 recorded in the manifest.</param>
/// <param name="Actual">sha256 of the file on disk, or null when it is missing.</param>
public sealed record HashMismatch(string File, string Expected, string? Actual)
{
    public override string ToString() => Actual is null
        ? $"{File} is missing (manifest sha256 {Expected})"
        : $"{File} has sha256 {Actual}, manifest says {Expected}";
}

/// <summary>sha256 of header files and their check against a manifest.</summary>
internal static class HeaderHashes
{
    /// <summary>Lowercase hex sha256 of a file, or null when it does not exist.</summary>
    public static string? Of(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Hashes of the given manifest keys under <paramref name="includeDir"/>; every file must exist.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Compute(string includeDir, IEnumerable<string> keys) =>
        keys.Select(k => new KeyValuePair<string, string>(k,
                Of(Path.Combine(includeDir, k)) ?? throw new HeaderSyncException($"{k} is not in the extracted package")))
            .ToList();

    /// <summary>The first file (in manifest order) whose content differs from the manifest, or null when all match.</summary>
    public static HashMismatch? FirstMismatch(string includeDir, HeaderManifest manifest)
    {
        foreach (var (key, expected) in manifest.Files)
        {
            var actual = Of(Path.Combine(includeDir, key));
            if (actual != expected)
            {
                return new HashMismatch(key, expected, actual);
            }
        }

        return null;
    }
}
