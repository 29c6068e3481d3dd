using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Storm.Tests;

/// <summary>One program's kernel: every storm device, 4 process slots, and every process that ever lived in them.</summary>
internal sealed class StormWorld : IDisposable
{
    private readonly StormProcess[] _slots = new StormProcess[StormProgram.Processes];
    private readonly List<StormProcess> _everyProcess = [];
    private int _generation;

    public StormWorld(StormProgram program)
    {
        Kernel = new SimulatedKernel(program.Deterministic
            ? new SimulationOptions { Seed = program.Seed }
            : new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        foreach (StormDevice device in StormDevices.All)
        {
            device.Create(Kernel);
        }

        DeviceNodes = [.. Kernel.DeviceNodes];
        if (program.FaultRate > 0)
        {
            foreach ((FaultPoint point, _, _) in Kernel.Faults.Report)
            {
                Kernel.Faults.ArmRandomly(point, program.FaultRate);
            }
        }

        for (int slot = 0; slot < _slots.Length; slot++)
        {
            _slots[slot] = NewProcess(slot);
        }
    }

    public SimulatedKernel Kernel { get; }
    public string[] DeviceNodes { get; }

    public StormProcess this[int slot] => Volatile.Read(ref _slots[slot]);

    public IReadOnlyList<StormProcess> EveryProcess
    {
        get
        {
            lock (_everyProcess)
            {
                return [.. _everyProcess];
            }
        }
    }

    /// <summary>The slot's process exits (its other thread may be in a call) and a new process takes the slot.</summary>
    public void Exit(int slot)
    {
        StormProcess old = this[slot];
        lock (old.Lock)
        {
            old.Process.Exit();
            old.Fds.Clear();
            old.Mappings.Clear();
        }

        Volatile.Write(ref _slots[slot], NewProcess(slot));
    }

    /// <summary>Every process exits, as at the end of a run.</summary>
    public void ExitAll()
    {
        foreach (StormProcess p in EveryProcess)
        {
            lock (p.Lock)
            {
                p.Process.Exit();
                p.Fds.Clear();
                p.Mappings.Clear();
            }
        }
    }

    public void Dispose()
    {
        foreach (StormProcess p in EveryProcess)
        {
            p.Dispose();
        }

        Kernel.Shutdown(); // each device's firmware thread ends with its program
    }

    /// <summary>A new process with every device node open, as a program starts: the storm's calls begin past open(2).</summary>
    private StormProcess NewProcess(int slot)
    {
        var p = new StormProcess(Kernel, slot, Interlocked.Increment(ref _generation));
        foreach (string node in DeviceNodes)
        {
            if (StormDevices.TypeOf(node) is char type && p.Process.Open(node, OpenFlags.ReadWrite) is { IsSuccess: true } opened)
            {
                p.Fds.Add((opened.Value, type));
            }
        }

        lock (_everyProcess)
        {
            _everyProcess.Add(p);
        }

        return p;
    }
}
