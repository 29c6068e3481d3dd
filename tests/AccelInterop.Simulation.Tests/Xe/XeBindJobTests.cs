using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>
/// xe.md §6 item 9: a VM_BIND's page-table update is a job on the VM's bind queue — it runs once its
/// in-syncs (and the bind queue's previous job) have signalled, and its out-syncs signal after it.
/// </summary>
public sealed class XeBindJobTests
{
    private const ulong Va = 0x2_0000_0000;

    [Fact]
    public void S6_9_a_mapping_is_not_visible_until_the_in_syncobj_signals_and_the_out_sync_follows()
    {
        using var rig = new XeRig(options: new SimulationOptions { Firmware = FirmwareExecution.Inline, JobTimeout = TimeSpan.FromMinutes(10) });
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm);
        XeVm vm = rig.Driver.Queues[0].Vm;
        // An EXEC held by a semaphore on a flag: its out-syncobj has a fence that does not signal yet.
        ulong gate = s.Batch(0, XeMiCommand.SemaphoreWait(XeMiCommand.SemaphoreCompare.Equal), 1, (uint)s.Gpu(0x1000), (uint)(s.Gpu(0x1000) >> 32), 0,
            XeMiCommand.BatchBufferEnd);
        uint gateDone = rig.Syncobj();
        Assert.Equal(Errno.None, rig.Exec(q, gate, rig.Syncs(XeRig.SyncobjSignal(gateDone)), 1));
        rig.Kernel.RunFirmware();
        int before = vm.BindingCount;

        uint bo = rig.Bo();
        uint bound = rig.Syncobj();
        Assert.Equal(Errno.None, rig.Bind(s.Vm, XeRig.MapOp(bo, Va, 0x10000), rig.Syncs(XeRig.SyncobjWait(gateDone), XeRig.SyncobjSignal(bound)), 2));
        uint second = rig.Syncobj();
        // A second bind with no in-syncs still comes after the first on the bind queue.
        Assert.Equal(Errno.None, rig.Bind(s.Vm, XeRig.MapOp(rig.Bo(), Va + 0x10000, 0x10000), rig.Syncs(XeRig.SyncobjSignal(second)), 1));
        rig.Kernel.RunFirmware();

        Assert.Equal(before, vm.BindingCount); // the page tables wait for the in-fence
        Assert.Equal(Errno.ETIME, rig.WaitSyncobj(bound, seconds: 0));
        Assert.Equal(Errno.ETIME, rig.WaitSyncobj(second, seconds: 0));

        s.Write32(0x1000, 1); // the EXEC ends, its fence signals, the bind runs
        Assert.Equal(Errno.None, rig.WaitSyncobj(bound));
        Assert.Equal(Errno.None, rig.WaitSyncobj(second));
        Assert.Contains(vm.Bindings, b => b.Start == Va);
        Assert.Contains(vm.Bindings, b => b.Start == Va + 0x10000);
        Assert.Equal(before + 2, vm.BindingCount);
    }
}
