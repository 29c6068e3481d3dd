using AccelInterop.Headers;

namespace AccelInterop.KernelLane.Tests;

/// <summary>
/// Runs eng/kernel-lane/run.sh on the Debian kernel (fetched through the private apt cache) and
/// returns the guest's transcript, or why the VM cannot run here.
/// </summary>
internal static class KernelLaneVm
{
    public sealed record Outcome(IReadOnlyList<string>? Transcript, string? Unavailable, string Console, TimeSpan Elapsed);

    public static Outcome Run()
    {
        foreach (string tool in new[] { "qemu-system-x86_64", "busybox", "dpkg-deb", "apt-get" })
        {
            if (!OnPath(tool))
            {
                return new Outcome(null, $"{tool} is not installed (eng/install-prereqs.sh installs the lane's tools on amd64 Debian)", "", TimeSpan.Zero);
            }
        }

        KernelTree kernel;
        try
        {
            kernel = KernelPackages.Fetch(new KernelPackageOptions { Release = Transcripts.Release, RepoRoot = Checkout.Root });
        }
        catch (HeaderSyncException e)
        {
            return new Outcome(null, $"the {Transcripts.Release} kernel packages cannot be had: {e.Message}", "", TimeSpan.Zero);
        }

        // A guest that never reaches /init is the emulator's or the host's trouble (TCG on a busy
        // host once panicked in the timer check before /init), not an answer of the kernel: boot
        // again once, and report the lane as unable to run here if it still does not start.
        ChildProcess.Result run = default!;
        List<string> lines = [];
        int begin = -1;
        for (int attempt = 1; attempt <= BootAttempts && begin < 0; attempt++)
        {
            run = ChildProcess.Run(Path.Combine(Checkout.Root, "eng", "kernel-lane", "run.sh"),
                [kernel.Root, "240"], TimeSpan.FromMinutes(10));
            // The firmware's terminal escapes may share a line with the markers: match their ends.
            lines = [.. Transcripts.Lines(run.StandardOutput)];
            begin = lines.FindIndex(l => l.EndsWith("lane: begin", StringComparison.Ordinal));
        }

        if (begin < 0)
        {
            return new Outcome(null, $"the guest did not reach /init in {BootAttempts} boots (exit {run.ExitCode}); console tail:\n{Tail(run.Output)}", run.Output, run.Elapsed);
        }

        int end = lines.FindIndex(l => l.StartsWith("lane: end ", StringComparison.Ordinal));
        if (run.ExitCode != 0 || end < begin)
        {
            throw new InvalidOperationException($"the lane did not complete (exit {run.ExitCode}):\n{run.Output}");
        }

        if (lines[end] != "lane: end 0")
        {
            throw new InvalidOperationException($"the guest program failed ({lines[end]}):\n{run.Output}");
        }

        return new Outcome(lines.Skip(begin + 1).Take(end - begin - 1).ToList(), null, run.Output, run.Elapsed);
    }

    private const int BootAttempts = 2;

    private static string Tail(string console) => string.Join("\n", console.Split('\n').TakeLast(15));

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));
}
