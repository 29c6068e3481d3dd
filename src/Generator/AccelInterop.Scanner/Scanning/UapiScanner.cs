using System.Security.Cryptography;
using AccelInterop.Model;
using AccelInterop.Scanner.Clang;

namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// The scanner: headers → model. One libclang parse per target (in parallel, one index per
/// thread), merged into one model with per-target layouts.
/// </summary>
public static class UapiScanner
{
    public static UapiModel Scan(ScanRequest request, SourcePackage? source = null)
    {
        if (request.Headers.Count == 0)
        {
            throw new ScanException("no header to scan");
        }

        if (request.Targets.Count == 0)
        {
            throw new ScanException("no target to scan for");
        }

        var libclang = LibClang.EnsureLoaded();
        foreach (var t in request.Targets)
        {
            if (!libclang.SupportsTarget(t, out var why))
            {
                throw new ScanException(why);
            }
        }

        var hostTarget = request.HostTarget;
        var headers = request.Headers.Select(h => Resolve(request, h)).ToList();
        var preludes = request.Includes.Select(h => Resolve(request, h, prelude: true)).ToList();
        var defined = new List<MacroDefinitionLine>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in headers)
        {
            foreach (var m in MacroDefinitionLexer.Read(File.ReadAllText(h.FullPath)))
            {
                if (seen.Add(m.Name))
                {
                    defined.Add(m);
                }
            }
        }

        var oversized = MacroDefinitionLexer.Oversized(defined, EvaluationUnit.MaxExpansionTokens);
        var candidates = defined.Select(m => m.Name).Where(n => !oversized.Contains(n)).ToList();

        var unit = new EvaluationUnit(preludes.Concat(headers).Select(h => h.IncludeSpelling).ToList(), candidates)
        {
            Oversized = defined.Select(m => m.Name).Where(oversized.Contains).ToList(),
        };
        var plan = new ScanPlan(request, headers, unit, libclang.ResourceDir, hostTarget);

        var snapshots = new TargetSnapshot[request.Targets.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) };
        try
        {
            Parallel.For(0, request.Targets.Count, options, i => snapshots[i] = new TargetScanner(plan, request.Targets[i]).Scan());
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is ScanException) is ScanException first)
        {
            throw first;
        }

        var headerRefs = headers.Select(h => new HeaderRef(h.ModelPath, Sha256(h.FullPath))).ToList();
        return SnapshotMerger.Merge(snapshots, headerRefs, preludes.Select(p => p.ModelPath).ToList(), source);
    }

    /// <summary>
    /// A header is a file path if one exists, else a name looked up in the include directories. A prelude
    /// may also be one of the compiler's or the C library's own headers (<c>stdint.h</c>): the parse finds it.
    /// </summary>
    private static PrimaryHeader Resolve(ScanRequest request, string header, bool prelude = false)
    {
        var dirs = request.ExtraIncludeDirs.Concat(request.IncludeDirsFor(request.Targets[0])).ToList();
        var mapper = new IncludePathMapper(dirs, null);
        if (File.Exists(header))
        {
            var full = Path.GetFullPath(header);
            return new PrimaryHeader($"\"{full}\"", full, mapper.Map(full));
        }
        if (!Path.IsPathRooted(header))
        {
            foreach (var d in dirs)
            {
                var candidate = Path.Combine(d, header);
                if (File.Exists(candidate))
                {
                    return new PrimaryHeader($"<{header}>", Path.GetFullPath(candidate), header.Replace('\\', '/'));
                }
            }
        }
        if (prelude && !Path.IsPathRooted(header))
        {
            return new PrimaryHeader($"<{header}>", header, header.Replace('\\', '/'));
        }

        throw new ScanException($"header not found (searched {(dirs.Count == 0 ? "no include directories" : string.Join(", ", dirs))})", header);
    }

    private static string Sha256(string path)
    {
        using var sha = SHA256.Create();
        using var f = File.OpenRead(path);
        return Convert.ToHexString(sha.ComputeHash(f)).ToLowerInvariant();
    }
}
