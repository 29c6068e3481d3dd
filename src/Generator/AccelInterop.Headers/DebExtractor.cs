namespace AccelInterop.Headers;

/// <summary>Unpacks the headers of a .deb into a staging tree laid out like <c>headers/upstream</c>.</summary>
internal static class DebExtractor
{
    /// <summary>
    /// Extracts <c>usr/include</c> of <paramref name="debPath"/> to <c>&lt;staging&gt;/include</c> and writes
    /// <c>&lt;staging&gt;/VERSION</c>; checks the archive really is <paramref name="package"/> <paramref name="version"/>.
    /// </summary>
    public static void Extract(string debPath, string package, string version, string staging, TimeSpan timeout)
    {
        var fields = ProcessRunner.Run("dpkg-deb", ["--field", debPath, "Package", "Version"], timeout: timeout, description: "dpkg-deb --field");
        var actual = fields.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.ExitCode != 0 || !actual.Contains($"Package: {package}") || !actual.Contains($"Version: {version}"))
        {
            throw new HeaderSyncException($"{debPath} is not {package} {version}: {(fields.ExitCode != 0 ? fields.FirstErrorLine() : string.Join(", ", actual))}");
        }

        var root = Path.GetFullPath(Path.Combine(staging, "package"));
        var result = ProcessRunner.Run("dpkg-deb", ["--extract", debPath, root], timeout: timeout, description: "dpkg-deb --extract");
        if (result.ExitCode != 0)
        {
            throw new HeaderSyncException($"cannot extract {debPath}: {result.FirstErrorLine()}");
        }

        var include = Path.Combine(root, "usr", "include");
        if (!Directory.Exists(include))
        {
            throw new HeaderSyncException($"{debPath} has no usr/include");
        }

        MaterializeLinks(include, root, debPath);
        Directory.Move(include, Path.Combine(staging, "include"));
        HeaderCache.TryDelete(root);
        File.WriteAllText(Path.Combine(staging, "VERSION"), version + "\n");
    }

    /// <summary>
    /// Debian ships each arch's <c>asm/*.h</c> as symlinks into <c>usr/lib/linux/uapi/&lt;arch&gt;/asm</c>.
    /// Replacing every link under <c>usr/include</c> by a copy of its target makes the cached include tree
    /// self-contained: it can be copied, and compiler diagnostics name paths inside it.
    /// </summary>
    private static void MaterializeLinks(string directory, string packageRoot, string debPath)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is null)
            {
                if (entry is DirectoryInfo)
                {
                    MaterializeLinks(entry.FullName, packageRoot, debPath);
                }

                continue;
            }

            var target = entry.ResolveLinkTarget(returnFinalTarget: true);
            var inside = target is not null && Path.GetFullPath(target.FullName).StartsWith(packageRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            if (target is not FileInfo { Exists: true } file || !inside)
            {
                // A link to a directory, outside the package, or dangling: nothing a uAPI tree should hold.
                throw new HeaderSyncException($"{debPath}: unexpected link {Path.GetRelativePath(packageRoot, entry.FullName)} -> {entry.LinkTarget}");
            }

            entry.Delete();
            file.CopyTo(entry.FullName);
        }
    }
}
