using AccelInterop.Cli;

namespace AccelInterop.Fuzz.Tests.Paths;

/// <summary>
/// Runs <see cref="AccelgenApp.Run"/> on its own thread: an exception that escapes it is what would
/// make the tool exit 134, and a run past the deadline is reported as a timeout (its thread is then
/// abandoned, so the caller should stop feeding that header to accelgen).
/// </summary>
public sealed class InProcessAccelgen(TimeSpan timeout) : IAccelgen
{
    public AccelgenOutcome Run(IReadOnlyList<string> args)
    {
        AccelgenOutcome? outcome = null;
        var thread = new Thread(() =>
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            try
            {
                var exit = AccelgenApp.Run([.. args], stdout, stderr);
                outcome = new AccelgenOutcome(exit, stdout.ToString(), stderr.ToString(), null);
            }
            catch (Exception e)
            {
                outcome = new AccelgenOutcome(134, stdout.ToString(), stderr.ToString(), Describe(e));
            }
        }, maxStackSize: 64 << 20)
        { IsBackground = true, Name = "accelgen " + args[0] };
        thread.Start();
        if (!thread.Join(timeout))
        {
            return new AccelgenOutcome(-1, "", "", $"timeout: no answer within {timeout.TotalSeconds:0} s");
        }

        return outcome!;
    }

    /// <summary>The exception type, the two innermost product methods it passed and its message: stable across runs.</summary>
    public static string Describe(Exception e)
    {
        var frames = (e.StackTrace ?? "").Split('\n').Select(l => l.Trim())
            .Where(l => l.StartsWith("at AccelInterop.", StringComparison.Ordinal))
            .Select(l => string.Join('.', l[3..].Split('(')[0].Split('.').TakeLast(2))).Take(2).ToList();
        var message = e.Message.Split('\n')[0];
        return $"{e.GetType().Name} in {(frames.Count > 0 ? string.Join(" <- ", frames) : "?")}: {message}";
    }
}
