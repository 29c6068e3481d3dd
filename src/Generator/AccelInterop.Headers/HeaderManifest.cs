using System.Text.Encodings.Web;
using System.Text.Json;

namespace AccelInterop.Headers;

/// <summary>
/// <c>headers/manifest.json</c>: which Debian package and version the upstream headers come from,
/// and the sha256 of every header the toolchain reads (paths relative to <c>usr/include</c>).
/// Serialized deterministically (fixed member order, ordinal-sorted file keys, 2-space indent, \n)
/// so a re-sync that changes nothing leaves the committed file byte-identical.
/// </summary>
public sealed class HeaderManifest
{
    public HeaderManifest(string package, string suite, string version, IEnumerable<KeyValuePair<string, string>> files)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(package);
        ArgumentException.ThrowIfNullOrWhiteSpace(suite);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        Package = package;
        Suite = suite;
        Version = version;
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, hash) in files)
        {
            sorted.Add(path, hash.ToLowerInvariant());
        }

        Files = sorted;
    }

    public string Package { get; }

    public string Suite { get; }

    public string Version { get; }

    /// <summary>Header path (relative to <c>include/</c>, '/'-separated) → lowercase hex sha256, ordinally sorted.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>Reads a manifest file; throws <see cref="HeaderSyncException"/> naming the file when it is malformed.</summary>
    public static HeaderManifest Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeaderSyncException($"{path}: cannot read the header manifest: {e.Message}");
        }

        return Parse(text, path);
    }

    public static HeaderManifest Parse(string json, string source = "manifest.json")
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var files = new List<KeyValuePair<string, string>>();
            foreach (var file in root.GetProperty("files").EnumerateObject())
            {
                var hash = file.Value.GetString() ?? "";
                if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
                {
                    throw new HeaderSyncException($"{source}: \"{file.Name}\" has no valid sha256 (found \"{hash}\")");
                }

                files.Add(new(file.Name, hash));
            }

            return new HeaderManifest(
                root.GetProperty("package").GetString()!,
                root.GetProperty("suite").GetString()!,
                root.GetProperty("version").GetString()!,
                files);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            var where = e is JsonException { LineNumber: { } line } ? $":{line + 1}" : "";
            throw new HeaderSyncException($"{source}{where}: not a valid header manifest: {e.Message}");
        }
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            IndentSize = 2,
            NewLine = "\n",
            // Versions like "6.1+deb12" must stay readable ('+' is escaped by the default encoder).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            writer.WriteString("package", Package);
            writer.WriteString("suite", Suite);
            writer.WriteString("version", Version);
            writer.WriteStartObject("files");
            foreach (var (path, hash) in Files)
            {
                writer.WriteString(path, hash);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes through a temporary file and a rename.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <summary>Manifest keys whose hash differs between two manifests, including added and removed ones, sorted.</summary>
    public static IReadOnlyList<string> ChangedFiles(HeaderManifest? before, HeaderManifest after)
    {
        var old = before?.Files ?? new Dictionary<string, string>();
        return old.Keys.Union(after.Files.Keys)
            .Where(k => !old.TryGetValue(k, out var a) || !after.Files.TryGetValue(k, out var b) || a != b)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
