using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// A device's ioeventfds (<c>vfio_pci_rdwr.c:vfio_pci_ioeventfd</c>): each turns a signal of an eventfd into
/// a write of fixed data at a fixed BAR offset, done by the kernel without a round trip through user
/// space (virqfd consumes the count, the handler writes while memory decode is on). At most
/// <see cref="Limit"/> per device; the device's last close drops them all.
/// </summary>
internal sealed class VfioPciIoeventfds(VfioPciDevice device)
{
    /// <summary>VFIO_PCI_IOEVENTFD_MAX.</summary>
    public const int Limit = 1000;

    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Adds, or with <paramref name="fd"/> -1 removes, the ioeventfd writing <paramref name="count"/> bytes of
    /// <paramref name="data"/> at <paramref name="offset"/> (a device-file offset, index &lt;&lt; 40 | position),
    /// in the kernel's order: BARs only, inside the BAR, clear of the MSI-X table, not 8 bytes (-EINVAL); the same one again -EEXIST
    /// (removal: not there -ENODEV); the limit -ENOSPC; the eventfd (-EBADF, -EINVAL).
    /// </summary>
    public int Set(SimulatedProcess caller, ulong offset, ulong data, int count, int fd)
    {
        int bar = (int)(offset >> VfioPciDevice.OffsetShift);
        ulong position = offset & ((1UL << VfioPciDevice.OffsetShift) - 1);
        if ((ulong)bar > Uapi.Vfio.Vfio.VFIO_PCI_BAR5_REGION_INDEX || position + (ulong)count > device.Model.BarLength(bar) ||
            device.Config.OverlapsMsixTable(bar, position, (ulong)count) || count == 8)
        {
            return -EINVAL; // an ioeventfd may not write around the MSI-X table
        }

        lock (_lock)
        {
            Entry? same = _entries.Find(e => e.Bar == bar && e.Position == position && e.Data == data && e.Count == count);
            if (same is not null)
            {
                if (fd != -1)
                {
                    return -EEXIST;
                }

                _entries.Remove(same);
                same.Disable();
                return 0;
            }

            if (fd < 0)
            {
                return -ENODEV;
            }

            if (_entries.Count >= Limit)
            {
                return -ENOSPC;
            }

            int got = EventFdContext.FromDescriptor(caller, fd, out EventFdContext? eventFd);
            if (got < 0)
            {
                return got;
            }

            var entry = new Entry(device, bar, position, data, count, eventFd!);
            _entries.Add(entry);
            entry.Enable();
            return 0;
        }
    }

    /// <summary>vfio_pci_ioeventfd's list freed at the device's last close.</summary>
    public void DisableAll()
    {
        Entry[] entries;
        lock (_lock)
        {
            entries = [.. _entries];
            _entries.Clear();
        }

        foreach (Entry entry in entries)
        {
            entry.Disable();
        }
    }

    private sealed class Entry(VfioPciDevice device, int bar, ulong position, ulong data, int count, EventFdContext eventFd)
    {
        public int Bar { get; } = bar;
        public ulong Position { get; } = position;
        public ulong Data { get; } = data;
        public int Count { get; } = count;

        // vfio_virqfd_enable: the wait-queue entry, and an eventfd already signalled runs the handler once.
        public void Enable()
        {
            eventFd.AddConsumer(Write);
            if (eventFd.Count != 0)
            {
                Write();
            }
        }

        public void Disable()
        {
            eventFd.RemoveConsumer(Write);
            eventFd.Put();
        }

        // vfio_pci_ioeventfd_handler: the write happens only while memory decode is on (test_mem).
        private void Write() => device.StoreBar(Bar, Position, Data, Count);
    }
}
