using System.Text;
using AccelInterop.Model.Targets;

namespace AccelInterop.Headers;

/// <summary>
/// Computes which headers a set of root headers pulls in, on every target, by asking clang for
/// make-style dependencies (<c>-M</c>). With <c>-nostdlibinc -ffreestanding</c> the only search
/// dirs are the header tree and clang's own resource dir, so nothing leaks in from the host.
/// </summary>
internal static class IncludeClosure
{
    /// <summary>
    /// Paths relative to <paramref name="includeDir"/> ('/'-separated, ordinally sorted) of the roots and
    /// everything they include on any of <paramref name="targets"/>. Files outside the tree (clang's
    /// resource headers) are not part of the closure.
    /// </summary>
    public static IReadOnlyList<string> Compute(string clang, string includeDir, IEnumerable<string> roots,
        IEnumerable<LinuxTarget> targets, TimeSpan timeout)
    {
        var source = new StringBuilder();
        foreach (var root in roots)
        {
            source.Append("#include <").Append(root).Append(">\n");
        }

        var closure = new SortedSet<string>(StringComparer.Ordinal);
        var fullInclude = Path.GetFullPath(includeDir);
        foreach (var target in targets)
        {
            // Run inside the tree with relative -I so dependency paths come back relative and short.
            var result = ProcessRunner.Run(
                clang,
                ["-target", target.Triple, "-nostdlibinc", "-ffreestanding", "-I", target.MultiarchDir, "-I", ".",
                 "-M", "-MT", "closure", "-x", "c", "-"],
                fullInclude, timeout, source.ToString(), $"{clang} -M for {target}");
            if (result.ExitCode != 0)
            {
                throw new HeaderSyncException($"{clang} cannot preprocess the upstream headers for {target}: {result.FirstErrorLine()}");
            }

            foreach (var dependency in ParseMakeDependencies(result.StandardOutput))
            {
                var full = Path.GetFullPath(dependency, fullInclude);
                var relative = Path.GetRelativePath(fullInclude, full);
                // "<stdin>" and clang's resource headers are not files of the tree.
                if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative) && File.Exists(full))
                {
                    closure.Add(relative.Replace(Path.DirectorySeparatorChar, '/'));
                }
            }
        }

        return closure.ToList();
    }

    /// <summary>Prerequisites of a make rule as clang writes it (continuations, escaped spaces).</summary>
    internal static IEnumerable<string> ParseMakeDependencies(string text)
    {
        var joined = text.Replace("\\\r\n", " ").Replace("\\\n", " ");
        var colon = joined.IndexOf(": ", StringComparison.Ordinal);
        var body = colon >= 0 ? joined[(colon + 2)..] : joined;
        var word = new StringBuilder();
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length && body[i + 1] is ' ' or '#')
            {
                word.Append(body[++i]);
            }
            else if (c == '$' && i + 1 < body.Length && body[i + 1] == '$')
            {
                word.Append('$');
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
