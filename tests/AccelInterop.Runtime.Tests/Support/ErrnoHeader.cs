using System.Globalization;
using System.Text.RegularExpressions;

namespace AccelInterop.Runtime.Tests.Support;

/// <summary>
/// The errno names and numbers of the installed kernel headers (asm-generic/errno.h, which
/// includes errno-base.h), as gcc's preprocessor sees them; aliases resolved.
/// </summary>
internal static partial class ErrnoHeader
{
    private static readonly Lazy<IReadOnlyDictionary<string, int>> Defines = new(Read, LazyThreadSafetyMode.ExecutionAndPublication);

    public static IReadOnlyDictionary<string, int> ByName => Defines.Value;

    private static Dictionary<string, int> Read()
    {
        DirectoryInfo work = Directory.CreateTempSubdirectory("accelinterop-errno-");
        try
        {
            string source = Path.Combine(work.FullName, "errno.c");
            File.WriteAllText(source, "#include <asm-generic/errno.h>\n");
            string defines = ChildProcess.Output("gcc", ["-E", "-dM", source], TimeSpan.FromMinutes(2));

            var raw = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match match in Define().Matches(defines))
            {
                raw[match.Groups[1].Value] = match.Groups[2].Value;
            }

            var result = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach ((string name, string value) in raw)
            {
                string resolved = value;
                while (raw.TryGetValue(resolved, out string? next))
                {
                    resolved = next;
                }

                if (int.TryParse(resolved, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
                {
                    result[name] = number;
                }
            }

            return result.Count > 100 ? result : throw new InvalidOperationException($"only {result.Count} errno names found");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^#define (E[A-Z0-9]+) (\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Define();
}
