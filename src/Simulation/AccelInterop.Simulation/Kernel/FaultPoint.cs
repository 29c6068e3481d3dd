namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// A named place where the simulated kernel can be told to fail. The kernel core declares the
/// general points below; a driver declares its own as static fields and announces them to the
/// kernel (<see cref="FaultInjector.Declare"/>), which arms and reports them all alike.
/// </summary>
public sealed class FaultPoint(string name, string description)
{
    /// <summary>A kernel allocation (BO backing, context, job, dma-buf) fails: -ENOMEM.</summary>
    public static readonly FaultPoint AllocationFailure = new("allocation failure", "a kernel allocation fails with -ENOMEM");

    /// <summary>The firmware stops consuming commands: jobs time out, user-mode queues stop advancing.</summary>
    public static readonly FaultPoint FirmwareHang = new("firmware hang", "the firmware stops consuming commands");

    /// <summary>pm_runtime_resume_and_get fails where a driver resumes the device: the call must fail, not hang.</summary>
    public static readonly FaultPoint RuntimePmResumeFailure = new("runtime pm resume failure", "resuming the device fails with -EIO");

    /// <summary>Attaching the IOMMU domain fails when a job is run or a context is created.</summary>
    public static readonly FaultPoint IommuAttachFailure = new("iommu attach failure", "attaching the IOMMU domain fails");

    /// <summary>The points of the kernel core, declared in every kernel.</summary>
    internal static IReadOnlyList<FaultPoint> KernelPoints { get; } = [AllocationFailure, FirmwareHang, RuntimePmResumeFailure, IommuAttachFailure];

    public string Name { get; } = name;

    public string Description { get; } = description;

    public override string ToString() => Name;
}
