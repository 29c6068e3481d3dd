using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Uapi.Xe;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// The page-table update of one VM_BIND, as a job on the VM's bind queue (<c>xe_vm.c:vm_bind_ioctl_ops_execute</c>
/// → <c>xe_pt_update_ops_run</c>): it waits for the bind's in-fences and the bind queue's previous
/// job, then applies its ops, and only then signals its fence — the one the out-syncs and the user
/// fence got. It holds the VM, its BOs and its fence until it ran. The update runs on the engines'
/// step, not inside the signalling fence's callback.
/// </summary>
internal sealed class XeBindJob : DmaFenceCallback
{
    private readonly XeDriver _driver;
    private readonly XeVm _vm;
    private readonly drm_xe_vm_bind_op[] _ops;
    private readonly XeBo?[] _bos;
    private readonly DmaFence _done;
    private DmaFence? _dependencies;

    public XeBindJob(XeDriver driver, XeVm vm, drm_xe_vm_bind_op[] ops, XeBo?[] bos, DmaFence done)
    {
        _driver = driver;
        _vm = vm.Get();
        _ops = ops;
        _bos = new XeBo?[bos.Length];
        for (int i = 0; i < bos.Length; i++)
        {
            _bos[i] = (XeBo?)bos[i]?.Get();
        }

        _done = done.Get();
    }

    /// <summary>Runs once <paramref name="dependencies"/> signals — at once when it already has.</summary>
    public void Arm(DmaFence dependencies)
    {
        _dependencies = dependencies.Get();
        if (dependencies.AddCallback(this) != 0)
        {
            Run();
        }
    }

    protected internal override void Invoke(DmaFence fence) => _driver.QueueBind(this);

    /// <summary>
    /// The update: every op in order, then the fence. A failed dependency fails the bind with its
    /// error and nothing is written (the scheduler does not run a job whose dependency failed), as
    /// does a VM closed meanwhile (its page tables are gone).
    /// </summary>
    public void Run()
    {
        int error = _dependencies?.Error ?? 0;
        _dependencies?.Put();
        _dependencies = null;
        if (error == 0 && !_vm.IsClosedOrBanned)
        {
            for (int i = 0; i < _ops.Length; i++)
            {
                XeDriver.ApplyBindOp(_vm, _ops[i], _bos[i]);
            }
        }

        if (error < 0 && !_done.IsSignaled)
        {
            _done.SetError(error);
        }

        _done.Signal();
        _done.Put();
        foreach (XeBo? bo in _bos)
        {
            bo?.Put();
        }

        _vm.Put();
        _driver.Device.Kernel.FenceWakeup.WakeUpAll();
    }
}
