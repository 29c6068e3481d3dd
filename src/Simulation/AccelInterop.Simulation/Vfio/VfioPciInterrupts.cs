using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// The interrupt side of a vfio-pci device (<c>vfio_pci_intrs.c</c>): one of INTx, MSI or MSI-X at a
/// time, each with trigger eventfds; INTx is level triggered and automasked (the handler masks the
/// line and signals; UNMASK lets it fire again, and fires at once if the line is still asserted), MSI
/// and MSI-X signal their vector's eventfd per message. MSI-X vectors past those enabled are added
/// on demand (the kernel's dynamic MSI-X, which x86 interrupt domains offer). The request interrupt
/// (REQ) only keeps its eventfd: the simulation never asks for the device back. The error interrupt
/// is absent (a conventional PCI function has no ERR).
/// </summary>
internal sealed class VfioPciInterrupts
{
    private readonly Lock _lock = new();
    private readonly VfioPciConfig _config;
    private readonly List<EventFdContext?> _messageTriggers = [];
    private EventFdContext? _intxTrigger;
    private EventFdContext? _requestTrigger;
    private bool _intxMasked;
    private bool _intxAsserted;

    public VfioPciInterrupts(VfioPciConfig config) => _config = config;

    /// <summary>Which index is enabled (INTx, MSI or MSI-X), or -1 for none (<c>VFIO_PCI_NUM_IRQS</c> in the kernel).</summary>
    public int Enabled { get; private set; } = -1;

    /// <summary>Whether MSI or MSI-X is on, as the function sees its capabilities.</summary>
    public bool IsMsiEnabled
    {
        get
        {
            lock (_lock)
            {
                return IsMessageEnabled;
            }
        }
    }

    private bool IsMessageEnabled => Enabled is (int)VFIO_PCI_MSI_IRQ_INDEX or (int)VFIO_PCI_MSIX_IRQ_INDEX;

    /// <summary>vfio_pci_get_irq_count: the vectors of <paramref name="index"/>.</summary>
    public int Count(uint index) => index switch
    {
        VFIO_PCI_INTX_IRQ_INDEX => _config.HasIntx ? 1 : 0,
        VFIO_PCI_MSI_IRQ_INDEX => _config.MsiVectors,
        VFIO_PCI_MSIX_IRQ_INDEX => _config.MsixVectors,
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
                (VFIO_PCI_MSI_IRQ_INDEX or VFIO_PCI_MSIX_IRQ_INDEX, (uint)VFIO_IRQ_SET_ACTION_TRIGGER) => SetMessageTrigger(caller, index, start, count, dataType, data),
                (VFIO_PCI_REQ_IRQ_INDEX, (uint)VFIO_IRQ_SET_ACTION_TRIGGER) => SetRequestTrigger(caller, start, count, dataType, data),
                _ => -ENOTTY, // no handler for the pair (MSI and MSI-X masking are not offered by the kernel either)
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

    /// <summary>The function sends message <paramref name="vector"/> (MSI or MSI-X, whichever is on).</summary>
    public void SignalMsi(int vector)
    {
        lock (_lock)
        {
            if (IsMessageEnabled && (uint)vector < (uint)_messageTriggers.Count)
            {
                _messageTriggers[vector]?.Signal();
            }
        }
    }

    /// <summary>Device close or reset: everything off, every eventfd dropped.</summary>
    public void DisableAll()
    {
        lock (_lock)
        {
            DisableIntx();
            DisableMessages();
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

    // vfio_pci_set_msi_trigger for MSI and MSI-X: count 0 with NONE disables; eventfds enable (vfio_msi_enable
    // allocates start + count vectors) and set the block; NONE or BOOL loop back through the triggers.
    private int SetMessageTrigger(SimulatedProcess caller, uint index, uint start, uint count, uint dataType, ReadOnlySpan<byte> data)
    {
        bool on = Enabled == (int)index;
        if (on && count == 0 && dataType == (uint)VFIO_IRQ_SET_DATA_NONE)
        {
            DisableMessages();
            return 0;
        }

        if (!(on || Enabled < 0))
        {
            return -EINVAL;
        }

        if (dataType == (uint)VFIO_IRQ_SET_DATA_EVENTFD)
        {
            if (!on)
            {
                if (start + count == 0)
                {
                    return -EINVAL; // pci_alloc_irq_vectors cannot allocate zero vectors
                }

                _messageTriggers.AddRange(new EventFdContext?[start + count]);
                Enabled = (int)index;
            }

            int result = SetMessageBlock(caller, index, start, count, data);
            if (result < 0 && !on)
            {
                DisableMessages();
            }

            return result;
        }

        if (!on)
        {
            return -EINVAL;
        }

        for (uint i = 0; i < count && start + i < (uint)_messageTriggers.Count; i++)
        {
            if (dataType == (uint)VFIO_IRQ_SET_DATA_NONE || data[(int)i] != 0)
            {
                _messageTriggers[(int)(start + i)]?.Signal();
            }
        }

        return 0;
    }

    // vfio_msi_set_block / vfio_msi_set_vector_signal: each vector drops its eventfd, then takes the new one; a
    // vector past the allocation is -EINVAL for MSI and allocated on the spot for MSI-X (dynamic MSI-X,
    // vfio_msi_alloc_irq). A failure clears the vectors the call had reached.
    private int SetMessageBlock(SimulatedProcess caller, uint index, uint start, uint count, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < (int)count; i++)
        {
            int vector = (int)start + i;
            int result = SetVector(caller, index, vector, BitConverter.ToInt32(data[(4 * i)..]));
            if (result < 0)
            {
                for (int j = (int)start; j < vector; j++)
                {
                    SetVector(caller, index, j, -1);
                }

                return result;
            }
        }

        return 0;
    }

    private int SetVector(SimulatedProcess caller, uint index, int vector, int fd)
    {
        if (vector < _messageTriggers.Count)
        {
            _messageTriggers[vector]?.Put();
            _messageTriggers[vector] = null;
        }

        if (fd < 0)
        {
            return 0;
        }

        if (vector >= _messageTriggers.Count)
        {
            if (index != VFIO_PCI_MSIX_IRQ_INDEX)
            {
                return -EINVAL;
            }

            _messageTriggers.AddRange(new EventFdContext?[vector + 1 - _messageTriggers.Count]);
        }

        int got = EventFdContext.FromDescriptor(caller, fd, out EventFdContext? trigger);
        if (got < 0)
        {
            return got;
        }

        _messageTriggers[vector] = trigger;
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

    private void DisableMessages()
    {
        foreach (EventFdContext? trigger in _messageTriggers)
        {
            trigger?.Put();
        }

        _messageTriggers.Clear();
        if (Enabled is (int)VFIO_PCI_MSI_IRQ_INDEX or (int)VFIO_PCI_MSIX_IRQ_INDEX)
        {
            Enabled = -1;
        }
    }
}
