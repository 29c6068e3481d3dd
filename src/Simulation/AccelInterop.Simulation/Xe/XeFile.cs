using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// Per-file state (<c>struct xe_file</c>, <c>xe_device.c:xe_file_open</c>): VM ids and exec-queue
/// ids, each an xarray with ALLOC1 — the first id is 1 and the lowest free id is reused.
/// </summary>
public sealed class XeFile
{
    internal XeFile(DrmFile file) => File = file;

    public DrmFile File { get; }

    /// <summary>VMs by id (each entry holds a VM reference).</summary>
    public HandleTable<XeVm> Vms { get; } = new();

    /// <summary>Exec queues by id (each entry holds a queue reference).</summary>
    public HandleTable<XeExecQueue> ExecQueues { get; } = new();

    /// <summary>xe_vm_lookup: the VM with a reference, or null.</summary>
    internal XeVm? LookupVm(uint id)
    {
        lock (Vms)
        {
            XeVm? vm = Vms.Get(id);
            return vm is not null && vm.TryGet() ? vm : null;
        }
    }

    /// <summary>xe_exec_queue_lookup: the queue with a reference, or null.</summary>
    internal XeExecQueue? LookupQueue(uint id)
    {
        lock (ExecQueues)
        {
            XeExecQueue? queue = ExecQueues.Get(id);
            return queue is not null && queue.TryGet() ? queue : null;
        }
    }
}
