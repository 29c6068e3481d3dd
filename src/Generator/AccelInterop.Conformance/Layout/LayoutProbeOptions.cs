using AccelInterop.Model.Targets;

namespace AccelInterop.Conformance.Layout;

/// <summary>How a layout probe finds its headers and compiler.</summary>
public sealed class LayoutProbeOptions
{
    /// <summary>
    /// Header roots laid out like Debian's <c>/usr/include</c> (e.g. <c>headers/upstream/include</c>):
    /// for each root, <c>ROOT/&lt;multiarch&gt;</c> (the target's <c>asm/</c>) is searched before <c>ROOT</c>.
    /// Passed as <c>-isystem</c>, so they come before any host system directory.
    /// </summary>
    public IReadOnlyList<string> IncludeRoots { get; init; } = [];

    /// <summary>Extra directories (e.g. <c>headers/proposed</c>), passed as <c>-I</c> and searched first, in order.</summary>
    public IReadOnlyList<string> IncludeDirs { get; init; } = [];

    /// <summary>Headers to <c>#include</c>, spelled as C includes them (<c>drm/xe_drm.h</c>); null means the model's headers.</summary>
    public IReadOnlyList<string>? Headers { get; init; }

    /// <summary>Use clang (layout dump) for the host triple too instead of gcc.</summary>
    public bool ForceClang { get; init; }

    /// <summary>A specific clang executable instead of searching for the newest <c>clang-N</c>.</summary>
    public string? ClangPath { get; init; }

    /// <summary>Where compilers and the PATH are looked up; null is <see cref="CompilerLocator.Default"/>.</summary>
    public CompilerLocator? Locator { get; init; }

    /// <summary>Appended to every compiler command line (e.g. <c>-D</c> switches).</summary>
    public IReadOnlyList<string> ExtraCompilerArguments { get; init; } = [];

    /// <summary>Parent directory for the probe's temporary files; null is the system temp directory.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Keep the generated probe sources (their directory is reported in <see cref="LayoutVerification.ProbeDirectory"/>).</summary>
    public bool KeepProbeFiles { get; init; }

    /// <summary>Limit for each compiler or probe-program run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The include switches for <paramref name="target"/>, in search order.</summary>
    public IReadOnlyList<string> IncludeArguments(string target)
    {
        var args = new List<string>();
        foreach (var dir in IncludeDirs)
        {
            args.Add("-I" + Path.GetFullPath(dir));
        }

        foreach (var root in IncludeRoots)
        {
            var full = Path.GetFullPath(root);
            // Debian's per-architecture folder (the target table's multiarch name; a triple outside the table as is).
            var perTarget = Path.Combine(full, LinuxTargets.Find(target)?.MultiarchDir ?? target);
            if (Directory.Exists(perTarget)) { args.Add("-isystem"); args.Add(perTarget); }
            args.Add("-isystem");
            args.Add(full);
        }
        return args;
    }
}
