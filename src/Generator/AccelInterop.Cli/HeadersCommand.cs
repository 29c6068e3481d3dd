using AccelInterop.Headers;

namespace AccelInterop.Cli;

/// <summary><c>accelgen headers sync</c>.</summary>
internal static class HeadersCommand
{
    private const string Help = """
        usage: accelgen headers sync [--offline] [--update-manifest]

        Fetches Debian's linux-libc-dev (sid) through a private apt configuration into
        headers/upstream (ignored by git) and checks every file against headers/manifest.json,
        the pin. It never rewrites the pin on its own: when the archive no longer serves the
        pinned version, the cache takes the served one and a warning lists the headers that
        differ from the pin (compare the models with `accelgen diff`).
        Works offline from the cache; exit 2 with one line when neither network nor cache serve.

        options:
          --offline          never use the network; use the cache if it verifies
          --update-manifest  move headers/manifest.json to the served version and the current root headers

        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h")
        {
            stdout.Write(Help);
            return args.Length == 0 ? AccelgenApp.BadInput : AccelgenApp.Ok;
        }
        if (args[0] != "sync")
        {
            throw new UsageException($"unknown 'headers' verb '{args[0]}' (expected: sync)");
        }

        if (AccelgenApp.Help(args[1..], stdout, Help))
        {
            return AccelgenApp.Ok;
        }

        var cl = CommandLine.Parse(args[1..], [], ["--offline", "--update-manifest"]);
        if (cl.Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument '{cl.Positionals[0]}'");
        }

        var result = HeaderSync.Run(new HeaderSyncOptions { Offline = cl.Has("--offline"), UpdateManifest = cl.Has("--update-manifest"), RepoRoot = RepoContext.Cache().RepoRoot });
        if (result.Warning != null)
        {
            stderr.WriteLine($"accelgen: warning: {result.Warning}");
        }

        stdout.WriteLine(result.Message);
        return AccelgenApp.Ok;
    }
}
