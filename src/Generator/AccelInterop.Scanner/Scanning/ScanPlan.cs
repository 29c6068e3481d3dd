namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// Everything shared by the per-target parses of one scan: the resolved primary headers,
/// the evaluation unit, and the compiler arguments per target.
/// </summary>
internal sealed class ScanPlan
{
    private readonly Dictionary<string, HashSet<string>> _primaryFiles;
    private readonly ScanRequest _request;

    public ScanPlan(ScanRequest request, IReadOnlyList<PrimaryHeader> headers, EvaluationUnit unit, string resourceDir, string hostTarget)
    {
        _request = request;
        Headers = headers;
        Unit = unit;
        ResourceDir = resourceDir;
        HostTarget = hostTarget;
        _primaryFiles = request.Targets.Distinct(StringComparer.Ordinal).ToDictionary(t => t, t => PrimaryFilesOn(headers, t), StringComparer.Ordinal);
        // A virtual file beside the current directory: libclang reads it from memory.
        UnitPath = Path.Combine(Path.GetFullPath(Directory.GetCurrentDirectory()), EvaluationUnit.FileName);
    }

    public IReadOnlyList<PrimaryHeader> Headers { get; }
    public EvaluationUnit Unit { get; }
    public string ResourceDir { get; }
    public string HostTarget { get; }
    public string UnitPath { get; }

    public bool IsPrimary(string file, string target) =>
        !string.IsNullOrEmpty(file) && _primaryFiles.TryGetValue(target, out var files) && files.Contains(Path.GetFullPath(file));

    /// <summary>
    /// The files the primary headers are on one target: a header named like <c>asm/ptrace.h</c> is each
    /// target's own file, found in that target's include directories as <c>#include &lt;...&gt;</c> finds it.
    /// </summary>
    private HashSet<string> PrimaryFilesOn(IReadOnlyList<PrimaryHeader> headers, string target)
    {
        var files = new HashSet<string>(headers.Select(h => h.FullPath), StringComparer.Ordinal);
        foreach (var h in headers.Where(h => h.IncludeSpelling.StartsWith('<')))
        {
            if (IncludeDirsFor(target).Select(d => Path.Combine(d, h.ModelPath)).FirstOrDefault(File.Exists) is { } own)
            {
                files.Add(Path.GetFullPath(own));
            }
        }

        return files;
    }

    public IReadOnlyList<string> IncludeDirsFor(string target) =>
        _request.ExtraIncludeDirs.Concat(_request.IncludeDirsFor(target)).ToList();

    public IReadOnlyList<string> CompilerArguments(string target)
    {
        var args = new List<string>
        {
            "-x", "c", "-std=gnu11", "-target", target, "-resource-dir", ResourceDir,
            "-ferror-limit=0", "-w",
        };
        // Cross targets have no libc headers here; uAPI headers are meant to stand alone.
        if (!(_request.HostedHostTarget && target == HostTarget))
        {
            args.AddRange(["-nostdlibinc", "-ffreestanding"]);
        }

        foreach (var d in _request.ExtraIncludeDirs) { args.Add("-I"); args.Add(d); }
        foreach (var d in _request.IncludeDirsFor(target)) { args.Add("-isystem"); args.Add(d); }
        foreach (var d in _request.Defines)
        {
            args.Add("-D" + d);
        }

        return args;
    }
}
