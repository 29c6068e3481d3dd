namespace AccelInterop.Simulation.Iommufd;

/// <summary>
/// An object in an iommufd's table (<c>struct iommufd_object</c>): its id, and its users — the
/// table's own reference plus one per holder (a page table on its IOAS, vfio on its device) —
/// so IOMMU_DESTROY of an object someone still uses is -EBUSY.
/// </summary>
public abstract class IommufdObject
{
    private protected IommufdObject(IommufdContext context) => Context = context;

    public IommufdContext Context { get; }

    /// <summary>The id user space names it by (from 1).</summary>
    public uint Id { get; internal set; }

    /// <summary>The table's reference and every holder's (refcount <c>users</c>).</summary>
    internal int Users { get; set; } = 1;

    /// <summary>Frees what the object holds once it left the table (its <c>destroy</c> op).</summary>
    internal abstract void Destroy();
}
