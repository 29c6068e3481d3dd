using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// An ioctl table indexed by command number minus a base (0 for the core table, 0x40 for a
/// driver's), with holes where nothing is defined. Its length is what the kernel compares
/// against (<c>num_ioctls</c>, DRM_CORE_IOCTL_COUNT).
/// </summary>
public sealed class DrmIoctlTable
{
    private readonly DrmIoctlDescriptor?[] _slots;

    public DrmIoctlTable(byte firstNumber, IEnumerable<DrmIoctlDescriptor> descriptors, int? length = null)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        FirstNumber = firstNumber;
        DrmIoctlDescriptor[] all = [.. descriptors];
        int needed = all.Length == 0 ? 0 : all.Max(d => IoctlEncoding.Number(d.Command)) - firstNumber + 1;
        _slots = new DrmIoctlDescriptor?[length ?? needed];
        if (_slots.Length < needed)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"the descriptors need {needed} slots");
        }

        foreach (DrmIoctlDescriptor descriptor in all)
        {
            int index = IoctlEncoding.Number(descriptor.Command) - firstNumber;
            if (index < 0)
            {
                throw new ArgumentException($"{descriptor} is below the table's first number 0x{firstNumber:x2}", nameof(descriptors));
            }

            if (_slots[index] is not null)
            {
                throw new ArgumentException($"{descriptor} and {_slots[index]} share a number", nameof(descriptors));
            }

            _slots[index] = descriptor;
        }
    }

    public static DrmIoctlTable Empty(byte firstNumber) => new(firstNumber, []);

    public byte FirstNumber { get; }

    public int Length => _slots.Length;

    /// <summary>The descriptor at <paramref name="index"/> (command number minus the first number); null for a hole.</summary>
    public DrmIoctlDescriptor? this[int index] => _slots[index];
}
