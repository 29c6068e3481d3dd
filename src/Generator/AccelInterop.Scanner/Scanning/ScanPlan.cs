namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// Everything shared by the per-target parses of one scan: the resolved primary headers,
/// the evaluation unit, and the compiler arguments per target.
/// </summary>
internal sealed class ScanPlan
{
    private readonly HashSet<string> _primaryFiles;
    private readonly ScanRequest _request;

    public ScanPlan(ScanRequest request, IReadOnlyList<PrimaryHeader> headers, EvaluationUnit unit, string resourceDir, string hostTarget)
    {
        _request = request;
        Headers = headers;
        Unit = unit;
        ResourceDir = resourceDir;
        HostTarget = hostTarget;
        _primaryFiles = new HashSet<string>(headers.Select(h => h.FullPath), StringComparer.Ordinal);
        // A virtual file beside the current directory: libclang reads it from memory.
        UnitPath = Path.Combine(Path.GetFullPath(Directory.GetCurrentDirectory()), EvaluationUnit.FileName);
    }

    public IReadOnlyList<PrimaryHeader> Headers { get; }
    public EvaluationUnit Unit { get; }
    public string ResourceDir { get; }
    public string HostTarget { get; }
    public string UnitPath { get; }

    public bool IsPrimary(string file) => !string.IsNullOrEmpty(file) && _primaryFiles.Contains(Path.GetFullPath(file));

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
        if (!(_request.HostedHostTarget && target == HostTarget)) args.AddRange(["-nostdlibinc", "-ffreestanding"]);
        foreach (var d in _request.ExtraIncludeDirs) { args.Add("-I"); args.Add(d); }
        foreach (var d in _request.IncludeDirsFor(target)) { args.Add("-isystem"); args.Add(d); }
        foreach (var d in _request.Defines) args.Add("-D" + d);
        return args;
    }
}
