namespace AccelInterop.Runtime.Simulation.Kernel;

/// <summary>
/// An in-process model of the kernel behind the device uAPIs: device nodes by path and the
/// processes that open them. Each <see cref="SimulatedProcess"/> is a backend for
/// <see cref="Devices.DeviceFile"/>, so code runs against the simulation exactly as against
/// the real kernel.
/// </summary>
public sealed class SimulatedKernel
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ICharacterDevice> _nodes = new(StringComparer.Ordinal);
    private readonly List<SimulatedProcess> _processes = [];
    private int _lastPid;

    internal PollWakeup PollWakeup { get; } = new();

    /// <summary>
    /// A new process; <paramref name="hasSysAdmin"/> is CAP_SYS_ADMIN, which some ioctls and file
    /// states need; <paramref name="descriptorLimit"/> is its RLIMIT_NOFILE.
    /// </summary>
    public SimulatedProcess CreateProcess(string name = "process", bool hasSysAdmin = false,
        int descriptorLimit = SimulatedProcess.DefaultDescriptorLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(descriptorLimit, 1);
        lock (_lock)
        {
            var process = new SimulatedProcess(this, ++_lastPid, name, hasSysAdmin, descriptorLimit);
            _processes.Add(process);
            return process;
        }
    }

    /// <summary>Processes that have not exited.</summary>
    public IReadOnlyList<SimulatedProcess> Processes
    {
        get
        {
            lock (_lock)
            {
                return [.. _processes];
            }
        }
    }

    /// <summary>Creates the node <paramref name="path"/> (e.g. /dev/accel/accel0) for <paramref name="device"/>.</summary>
    public void AddDeviceNode(string path, ICharacterDevice device)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(device);
        lock (_lock)
        {
            if (!_nodes.TryAdd(path, device))
            {
                throw new ArgumentException($"{path} already exists", nameof(path));
            }
        }
    }

    /// <summary>Removes a node; files already open stay open (as after an unlink of the node).</summary>
    public bool RemoveDeviceNode(string path)
    {
        lock (_lock)
        {
            return _nodes.Remove(path);
        }
    }

    public bool HasDeviceNode(string path)
    {
        lock (_lock)
        {
            return _nodes.ContainsKey(path);
        }
    }

    public IReadOnlyList<string> DeviceNodes
    {
        get
        {
            lock (_lock)
            {
                return [.. _nodes.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Files call this when their poll state may have changed, so sleeping pollers look again.</summary>
    public void WakeUpPollers() => PollWakeup.WakeUpAll();

    internal ICharacterDevice? FindDeviceNode(string path)
    {
        lock (_lock)
        {
            return _nodes.GetValueOrDefault(path);
        }
    }

    internal void Exited(SimulatedProcess process)
    {
        lock (_lock)
        {
            _processes.Remove(process);
        }
    }
}
