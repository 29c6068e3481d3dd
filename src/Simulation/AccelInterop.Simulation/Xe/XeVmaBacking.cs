namespace AccelInterop.Simulation.Xe;

/// <summary>
/// One VMA of a VM: what its range shows — a BO (a BO reference while the VMA is mapped), user
/// memory (a userptr VMA), or nothing (a NULL or CPU-address-mirror binding: reads zero, writes
/// dropped) — and its memory attributes (<see cref="XeVmaAttributes"/>). Every mapping of the VM
/// has a backing of its own: a split VMA's pieces are copies (<see cref="Split"/>), as the
/// kernel makes new VMAs for them.
/// </summary>
public sealed class XeVmaBacking
{
    private XeVmaAttributes _attributes;

    private XeVmaBacking(XeBo? bo, nint userMemory, bool isNull, bool isCpuMirror, XeVmaAttributes attributes)
    {
        Bo = bo;
        UserMemory = userMemory;
        IsNull = isNull;
        IsCpuMirror = isCpuMirror;
        _attributes = attributes;
    }

    /// <summary>A BO binding; takes a BO reference, dropped by <see cref="Release"/>.</summary>
    internal static XeVmaBacking ForBo(XeBo bo, ushort patIndex) =>
        new((XeBo)bo.Get(), 0, false, false, XeVmaAttributes.Defaults(patIndex));

    internal static XeVmaBacking ForUserMemory(nint address, ushort patIndex) =>
        new(null, address, false, false, XeVmaAttributes.Defaults(patIndex));

    /// <summary>A NULL binding, or with <paramref name="cpuMirror"/> a CPU-address-mirror one (no page faults in the model: both read zero).</summary>
    internal static XeVmaBacking Nothing(bool cpuMirror, ushort patIndex) =>
        new(null, 0, true, cpuMirror, XeVmaAttributes.Defaults(patIndex));

    public XeBo? Bo { get; private set; }
    public nint UserMemory { get; }
    public bool IsNull { get; }

    /// <summary>A CPU-address-mirror (SVM) VMA: the only kind a preferred location applies to.</summary>
    public bool IsCpuMirror { get; }

    /// <summary>A userptr VMA.</summary>
    public bool IsUserPtr => UserMemory != 0;

    /// <summary>The VMA's memory attributes (changed in place under the VM's lock).</summary>
    public ref XeVmaAttributes Attributes => ref _attributes;

    /// <summary>A copy for the other piece of a split VMA: the same memory (another BO reference) and attributes.</summary>
    internal XeVmaBacking Split() => new((XeBo?)Bo?.Get(), UserMemory, IsNull, IsCpuMirror, _attributes);

    /// <summary>The memory at <paramref name="offset"/> of the backing, 0 for a NULL binding.</summary>
    internal nint Address(ulong offset) => IsNull ? 0 : (Bo is not null ? Bo.Memory : UserMemory) + (nint)offset;

    /// <summary>No part of the range is mapped any more: the BO reference goes.</summary>
    internal void Release()
    {
        Bo?.Put();
        Bo = null;
    }
}
