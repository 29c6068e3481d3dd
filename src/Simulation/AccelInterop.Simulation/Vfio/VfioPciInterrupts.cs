using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// The interrupt side of a vfio-pci device (<c>vfio_pci_intrs.c</c>): one of INTx or MSI at a time,
/// each with trigger eventfds; INTx is level triggered and automasked (the handler masks the line
/// and signals; UNMASK lets it fire again, and fires at once if the line is still asserted), MSI
/// signals its vector's eventfd per message. The request interrupt (REQ) only keeps its eventfd:
/// the simulation never asks for the device back. MSI-X and the error interrupt are absent
/// because the models so far have neither (count 0; a conventional PCI function has no ERR).
/// </summary>
internal sealed class VfioPciInterrupts
{
    private readonly Lock _lock = new();
    private readonly VfioPciConfig _config;
    private EventFdContext? _intxTrigger;
    private EventFdContext?[] _msiTriggers = [];
    private EventFdContext? _requestTrigger;
    private bool _intxMasked;
    private bool _intxAsserted;

    public VfioPciInterrupts(VfioPciConfig config) => _config = config;

    /// <summary>Which index is enabled (INTx or MSI), or -1 for none (<c>VFIO_PCI_NUM_IRQS</c> in the kernel).</summary>
    public int Enabled { get; private set; } = -1;

    /// <summary>Whether MSI is on, as the function sees its capability.</summary>
    public bool IsMsiEnabled
    {
        get
        {
            lock (_lock)
            {
                return Enabled == (int)VFIO_PCI_MSI_IRQ_INDEX;
            }
        }
    }

    /// <summary>vfio_pci_get_irq_count: the vectors of <paramref name="index"/>.</summary>
    public int Count(uint index) => index switch
    {
        VFIO_PCI_INTX_IRQ_INDEX => _config.HasIntx ? 1 : 0,
        VFIO_PCI_MSI_IRQ_INDEX => _config.MsiVectors,
        VFIO_PCI_REQ_IRQ_INDEX => 1,
        _ => 0,
    };

    /// <summary>
    /// vfio_pci_set_irqs_ioctl after validation: <paramref name="action"/> on <paramref name="index"/>
    /// with <paramref name="dataType"/> and its <paramref name="data"/> (bools or eventfd numbers).
    /// </summary>
    public int Set(SimulatedProcess caller, uint index, uint action, uint start, uint count, uint dataType, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            return (index, action) switch
            {
                (VFIO_PCI_INTX_IRQ_INDEX, (uint)VFIO_IRQ_SET_ACTION_MASK) => SetIntxMask(start, count, dataType, data, mask: true),
                (VFIO_PCI_INTX_IRQ_INDEX, (uint)VFIO_IRQ_SET_ACTION_UNMASK) => SetIntxMask(start, count, dataType, data, mask: false),
                (VFIO_PCI_INTX_IRQ_INDEX, (uint)VFIO_IRQ_SET_ACTION_TRIGGER) => SetIntxTrigger(caller, start, count, dataType, data),
                (VFIO_PCI_MSI_IRQ_INDEX, (uint)VFIO_IRQ_SET_ACTION_TRIGGER) => SetMsiTrigger(caller, start, count, dataType, data),
                (VFIO_PCI_REQ_IRQ_INDEX, (uint)VFIO_IRQ_SET_ACTION_TRIGGER) => SetRequestTrigger(caller, start, count, dataType, data),
                _ => -ENOTTY, // no handler for the pair (MSI masking is not offered by the kernel either)
            };
        }
    }

    /// <summary>The function drives its INTx line.</summary>
    public void SetIntx(bool asserted)
    {
        lock (_lock)
        {
            bool rising = asserted && !_intxAsserted;
            _intxAsserted = asserted;
            if (rising && Enabled == (int)VFIO_PCI_INTX_IRQ_INDEX && !_intxMasked)
            {
                _intxMasked = true; // vfio_intx_handler: automasked
                _intxTrigger?.Signal();
            }
        }
    }

    /// <summary>The function sends MSI <paramref name="vector"/>.</summary>
    public void SignalMsi(int vector)
    {
        lock (_lock)
        {
            if (Enabled == (int)VFIO_PCI_MSI_IRQ_INDEX && (uint)vector < (uint)_msiTriggers.Length)
            {
                _msiTriggers[vector]?.Signal();
            }
        }
    }

    /// <summary>Device close or reset: everything off, every eventfd dropped.</summary>
    public void DisableAll()
    {
        lock (_lock)
        {
            DisableIntx();
            DisableMsi();
            _requestTrigger?.Put();
            _requestTrigger = null;
        }
    }

    private int SetIntxMask(uint start, uint count, uint dataType, ReadOnlySpan<byte> data, bool mask)
    {
        if (Enabled != (int)VFIO_PCI_INTX_IRQ_INDEX || start != 0 || count != 1)
        {
            return -EINVAL;
        }

        if (dataType == (uint)VFIO_IRQ_SET_DATA_EVENTFD)
        {
            return mask ? -ENOTTY : -EINVAL; // masking by eventfd is not implemented by the kernel; unmask-by-irqfd is not modelled
        }

        if (dataType == (uint)VFIO_IRQ_SET_DATA_BOOL && data[0] == 0)
        {
            return 0;
        }

        if (mask)
        {
            _intxMasked = true;
        }
        else if (_intxMasked)
        {
            // vfio_pci_intx_unmask_handler: a line still asserted fires again and stays masked.
            _intxMasked = _intxAsserted;
            if (_intxAsserted)
            {
                _intxTrigger?.Signal();
            }
        }

        return 0;
    }

    private int SetIntxTrigger(SimulatedProcess caller, uint start, uint count, uint dataType, ReadOnlySpan<byte> data)
    {
        bool intx = Enabled == (int)VFIO_PCI_INTX_IRQ_INDEX;
        if (intx && count == 0 && dataType == (uint)VFIO_IRQ_SET_DATA_NONE)
        {
            DisableIntx();
            return 0;
        }

        if (!(intx || Enabled < 0) || start != 0 || count != 1)
        {
            return -EINVAL;
        }

        if (dataType == (uint)VFIO_IRQ_SET_DATA_EVENTFD)
        {
            int got = GetTrigger(caller, BitConverter.ToInt32(data), out EventFdContext? trigger);
            if (got < 0)
            {
                return got;
            }

            _intxTrigger?.Put();
            _intxTrigger = trigger;
            if (!intx)
            {
                Enabled = (int)VFIO_PCI_INTX_IRQ_INDEX;
                _intxMasked = false;
            }

            return 0;
        }

        if (!intx)
        {
            return -EINVAL;
        }

        if (dataType == (uint)VFIO_IRQ_SET_DATA_NONE || data[0] != 0)
        {
            _intxTrigger?.Signal(); // a loopback trigger from the user
        }

        return 0;
    }

    private int SetMsiTrigger(SimulatedProcess caller, uint start, uint count, uint dataType, ReadOnlySpan<byte> data)
    {
        bool msi = Enabled == (int)VFIO_PCI_MSI_IRQ_INDEX;
        if (msi && count == 0 && dataType == (uint)VFIO_IRQ_SET_DATA_NONE)
        {
            DisableMsi();
            return 0;
        }

        if (!(msi || Enabled < 0))
        {
            return -EINVAL;
        }

        if (dataType == (uint)VFIO_IRQ_SET_DATA_EVENTFD)
        {
            if (!msi && count == 0)
            {
                return -EINVAL; // vfio_msi_enable cannot allocate zero vectors
            }

            if (!msi)
            {
                // vfio_msi_enable: the vectors start + count, all the function has at most.
                _msiTriggers = new EventFdContext?[start + count];
                Enabled = (int)VFIO_PCI_MSI_IRQ_INDEX;
            }

            for (uint i = 0; i < count; i++)
            {
                int fd = BitConverter.ToInt32(data[(int)(4 * i)..]);
                int got = GetTrigger(caller, fd, out EventFdContext? trigger);
                if (got < 0)
                {
                    if (!msi)
                    {
                        DisableMsi();
                    }

                    return got;
                }

                if (start + i < (uint)_msiTriggers.Length)
                {
                    _msiTriggers[start + i]?.Put();
                    _msiTriggers[start + i] = trigger;
                }
                else
                {
                    trigger?.Put();
                }
            }

            return 0;
        }

        if (!msi)
        {
            return -EINVAL;
        }

        for (uint i = 0; i < count && start + i < (uint)_msiTriggers.Length; i++)
        {
            if (dataType == (uint)VFIO_IRQ_SET_DATA_NONE || data[(int)i] != 0)
            {
                _msiTriggers[start + i]?.Signal();
            }
        }

        return 0;
    }

    // vfio_pci_set_ctx_trigger_single for REQ: count 0 with NONE clears; an eventfd sets or clears.
    private int SetRequestTrigger(SimulatedProcess caller, uint start, uint count, uint dataType, ReadOnlySpan<byte> data)
    {
        if (start != 0 || count > 1)
        {
            return -EINVAL;
        }

        if (count == 0)
        {
            if (dataType != (uint)VFIO_IRQ_SET_DATA_NONE)
            {
                return -EINVAL;
            }

            _requestTrigger?.Put();
            _requestTrigger = null;
            return 0;
        }

        if (dataType == (uint)VFIO_IRQ_SET_DATA_EVENTFD)
        {
            int got = GetTrigger(caller, BitConverter.ToInt32(data), out EventFdContext? trigger);
            if (got < 0)
            {
                return got;
            }

            _requestTrigger?.Put();
            _requestTrigger = trigger;
            return 0;
        }

        if (dataType == (uint)VFIO_IRQ_SET_DATA_NONE || data[0] != 0)
        {
            _requestTrigger?.Signal();
        }

        return 0;
    }

    // fd -1 means "no eventfd"; anything else must be one (eventfd_ctx_fdget: -EBADF, -EINVAL).
    private static int GetTrigger(SimulatedProcess caller, int fd, out EventFdContext? trigger)
    {
        trigger = null;
        return fd < 0 ? 0 : EventFdContext.FromDescriptor(caller, fd, out trigger);
    }

    private void DisableIntx()
    {
        _intxTrigger?.Put();
        _intxTrigger = null;
        _intxMasked = false;
        if (Enabled == (int)VFIO_PCI_INTX_IRQ_INDEX)
        {
            Enabled = -1;
        }
    }

    private void DisableMsi()
    {
        foreach (EventFdContext? trigger in _msiTriggers)
        {
            trigger?.Put();
        }

        _msiTriggers = [];
        if (Enabled == (int)VFIO_PCI_MSI_IRQ_INDEX)
        {
            Enabled = -1;
        }
    }
}
