using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// A VM_BIND user fence (<c>xe_sync.c:user_fence_worker</c>): when the bind fence signals, the
/// 64-bit value is written into the submitter's memory (a fault is dropped, as the worker's
/// copy_to_user failure is), then every WAIT_USER_FENCE sleeper of the device is woken.
/// </summary>
internal sealed class XeUserFenceWrite(SimulatedProcess process, ulong address, ulong value) : DmaFenceCallback
{
    /// <summary>Writes once <paramref name="fence"/> signals — at once when it already has (add_callback -ENOENT: kick_ufence).</summary>
    public void Arm(DmaFence fence)
    {
        if (fence.AddCallback(this) != 0)
        {
            Invoke(fence);
        }
    }

    protected internal override void Invoke(DmaFence fence)
    {
        process.Memory.CopyToUser(address, BitConverter.GetBytes(value));
        process.Kernel.FenceWakeup.WakeUpAll();
    }
}
