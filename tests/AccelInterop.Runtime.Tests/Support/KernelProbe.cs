using System.Globalization;
using AccelInterop.Runtime.Ioctl;

namespace AccelInterop.Runtime.Tests.Support;

/// <summary>
/// Expected values from this machine's C compiler: builds Native/kernel_probe.c with gcc once
/// per run and keeps its key=value output (ioctl numbers, struct layouts, flag values).
/// </summary>
internal static class KernelProbe
{
    private static readonly Lazy<IReadOnlyDictionary<string, ulong>> Values = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static ulong Get(string key) =>
        Values.Value.TryGetValue(key, out ulong value) ? value : throw new KeyNotFoundException($"the probe printed no '{key}'");

    /// <summary>A typed request assembled from gcc's value of <paramref name="name"/> and its decoded fields.</summary>
    public static IoctlRequest<TArg> Request<TArg>(string name) where TArg : unmanaged
    {
        ulong dir = Get(name + ".dir");
        IoctlDirection direction =
            ((dir & Get("ioc.write")) != 0 ? IoctlDirection.Write : IoctlDirection.None) |
            ((dir & Get("ioc.read")) != 0 ? IoctlDirection.Read : IoctlDirection.None);
        return new IoctlRequest<TArg>(name, direction, (byte)Get(name + ".type"), (byte)Get(name + ".nr"),
            (uint)Get(name + ".size"), Get(name));
    }

    private static Dictionary<string, ulong> Build()
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Native", "kernel_probe.c");
        DirectoryInfo work = Directory.CreateTempSubdirectory("accelinterop-runtime-probe-");
        try
        {
            string binary = Path.Combine(work.FullName, "kernel_probe");
            ChildProcess.Output("gcc", ["-std=gnu11", "-O0", "-Wall", "-Werror", "-o", binary, source], TimeSpan.FromMinutes(2));
            return ChildProcess.Output(binary, [], TimeSpan.FromMinutes(2))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => ulong.Parse(parts[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
