namespace AccelInterop.Simulation.Xe;

/// <summary>
/// What a range of a VM shows (a VMA's backing): a BO (one BO reference while any part of the
/// range stays mapped), user memory (a userptr VMA), or nothing (a NULL binding: reads zero,
/// writes dropped).
/// </summary>
public sealed class XeVmaBacking
{
    private XeVmaBacking(XeBo? bo, nint userMemory, bool isNull)
    {
        Bo = bo;
        UserMemory = userMemory;
        IsNull = isNull;
    }

    /// <summary>A BO binding; takes a BO reference, dropped by <see cref="Release"/>.</summary>
    internal static XeVmaBacking ForBo(XeBo bo) => new((XeBo)bo.Get(), 0, false);

    internal static XeVmaBacking ForUserMemory(nint address) => new(null, address, false);

    internal static XeVmaBacking Null { get; } = new(null, 0, true);

    public XeBo? Bo { get; private set; }
    public nint UserMemory { get; }
    public bool IsNull { get; }

    /// <summary>The memory at <paramref name="offset"/> of the backing, 0 for a NULL binding.</summary>
    internal nint Address(ulong offset) => IsNull ? 0 : (Bo is not null ? Bo.Memory : UserMemory) + (nint)offset;

    /// <summary>No part of the range is mapped any more: the BO reference goes.</summary>
    internal void Release()
    {
        Bo?.Put();
        Bo = null;
    }
}
