using System.Buffers.Binary;
using System.Text;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Qda;

/// <summary>
/// The DSP behind a QDA device: it takes requests from the transport, reads each payload through
/// its SMMU (the context banks), runs process control on handle 1 (create, release, map, unmap)
/// and the <see cref="DspMethods"/> module for user sessions, and answers {ctx, retval}. It runs
/// on the device's firmware host: its own thread, or inline at the kernel's scheduling points.
/// </summary>
public sealed class SimulatedDsp : ISimulatedFirmware
{
    private readonly QdaDriver _driver;
    private readonly Dictionary<uint, DspProcess> _processes = [];

    internal SimulatedDsp(QdaDriver driver) => _driver = driver;

    /// <summary>The live DSP processes by session.</summary>
    public IReadOnlyCollection<DspProcess> Processes
    {
        get
        {
            lock (_processes)
            {
                return [.. _processes.Values];
            }
        }
    }

    /// <summary>Requests answered since the device was created.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    private long _answered;

    long ISimulatedFirmware.NextTimerNanoseconds => long.MaxValue;

    /// <summary>
    /// Answers the requests waiting (one per step in deterministic mode); true if any. Only the kernel
    /// steps it (its FirmwareHost, or SimulatedKernel.RunFirmware inline), which also keeps it still while a hold is in force.
    /// </summary>
    bool ISimulatedFirmware.Step()
    {
        bool progressed = false;
        do
        {
            QdaMessage? message = _driver.Transport.Receive();
            if (message is null)
            {
                break;
            }

            progressed = true;
            if (_driver.Device.Kernel.Faults.ShouldFail(QdaDriver.DspCrash))
            {
                _driver.RestartDsp(); // the message dies with the DSP, like every other in flight
                break;
            }

            int retval = Handle(message);
            Interlocked.Increment(ref _answered);
            _driver.Transport.Answer(message, retval);
        }
        while (!_driver.Device.Kernel.IsDeterministic);

        return progressed;
    }

    /// <summary>The subsystem restarted: every process and map is gone.</summary>
    internal void Reset()
    {
        lock (_processes)
        {
            _processes.Clear();
        }
    }

    private int Handle(QdaMessage message)
    {
        FastRpcScalars sc = message.Scalars;
        int count = sc.Length;
        var held = new List<QdaBo>(count + 1);
        try
        {
            if (Resolve(message.Address, message.Size, held) is not DspBuffer payloadBuffer ||
                FastRpcLayout.MetaSize(count) > (ulong)payloadBuffer.Length)
            {
                return DspStatus.BadArguments;
            }

            Span<byte> payload = payloadBuffer.Span;
            var inBuffers = new DspBuffer[sc.InBuffers];
            var outBuffers = new DspBuffer[sc.OutBuffers];
            for (int i = 0; i < sc.Buffers; i++)
            {
                (ulong pv, ulong length) = FastRpcLayout.ReadBuffer(payload, i);
                (ulong page, _) = FastRpcLayout.ReadPage(payload, count, i);
                DspBuffer? buffer = length == 0 ? new DspBuffer(0, 0) : Resolve(page + (pv & (Page.Size - 1)), length, held);
                if (buffer is null)
                {
                    return DspStatus.BadArguments;
                }

                if (i < sc.InBuffers)
                {
                    inBuffers[i] = buffer.Value;
                }
                else
                {
                    outBuffers[i - sc.InBuffers] = buffer.Value;
                }
            }

            var inHandles = new DspHandle[sc.InHandles];
            for (int i = 0; i < sc.InHandles; i++)
            {
                (int fd, uint length, ulong offset) = FastRpcLayout.ReadDmaHandle(payload, sc.Buffers + i);
                inHandles[i] = new DspHandle(fd, length, offset, FastRpcLayout.ReadPage(payload, count, sc.Buffers + i).Address);
            }

            var call = new DspCall(message.Session, sc, inBuffers, outBuffers, inHandles);
            if (message.Handle == FastRpcMethod.InitHandle)
            {
                return Control(sc.Method, call);
            }

            lock (_processes)
            {
                if (!_processes.ContainsKey(message.Session))
                {
                    return DspStatus.NoSession;
                }
            }

            return message.Handle == DspMethods.Handle ? DspMethods.Run(sc.Method, call) : DspStatus.UnknownHandle;
        }
        finally
        {
            foreach (QdaBo bo in held)
            {
                bo.Put();
            }
        }
    }

    // The SMMU: a DSP address to memory, holding the buffer for the call; null for an address no bank maps.
    private DspBuffer? Resolve(ulong address, ulong length, List<QdaBo> held)
    {
        if (length > int.MaxValue)
        {
            return null;
        }

        QdaBo? bo = _driver.ContextBanks.Translate(address, length, out ulong offset);
        if (bo is null)
        {
            return null;
        }

        held.Add(bo);
        return bo.Memory == 0 ? null : new DspBuffer(bo.Memory + (nint)offset, (int)length);
    }

    // ---- process control (remote handle 1) ----

    private int Control(uint method, DspCall call)
    {
        FastRpcScalars sc = call.Scalars;
        return method switch
        {
            FastRpcMethod.InitCreate or FastRpcMethod.InitCreateAttr when sc.InBuffers == 4 => CreateProcess(call, method == FastRpcMethod.InitCreateAttr),
            FastRpcMethod.InitRelease when sc.InBuffers == 1 && call.In[0].Length >= 4 => ReleaseProcess(BinaryPrimitives.ReadUInt32LittleEndian(call.In[0].Span)),
            FastRpcMethod.InitMmap when sc is { InBuffers: 2, OutBuffers: 1 } => Map(call, legacy: true),
            FastRpcMethod.InitMemMap when sc is { InBuffers: 3, OutBuffers: 1 } => Map(call, legacy: false),
            FastRpcMethod.InitMunmap or FastRpcMethod.InitMemUnmap when sc.InBuffers == 1 => Unmap(call, method == FastRpcMethod.InitMunmap),
            FastRpcMethod.InitCreate or FastRpcMethod.InitCreateAttr or FastRpcMethod.InitRelease or FastRpcMethod.InitMmap or
                FastRpcMethod.InitMemMap or FastRpcMethod.InitMunmap or FastRpcMethod.InitMemUnmap => DspStatus.BadArguments,
            _ => DspStatus.UnknownMethod,
        };
    }

    // INIT_CREATE(_ATTR): {session, namelen, filelen, pageslen, attrs, siglen}, the name, the image, the init-memory page.
    private int CreateProcess(DspCall call, bool withAttributes)
    {
        ReadOnlySpan<byte> inbuf = call.In[0].Span;
        if (inbuf.Length < 24 || call.In[3].Length < 16)
        {
            return DspStatus.BadArguments;
        }

        uint session = BinaryPrimitives.ReadUInt32LittleEndian(inbuf);
        uint fileLength = BinaryPrimitives.ReadUInt32LittleEndian(inbuf[8..]);
        uint attributes = withAttributes ? BinaryPrimitives.ReadUInt32LittleEndian(inbuf[16..]) : 0;
        ReadOnlySpan<byte> image = call.In[2].Span;
        if (fileLength > 0 && (image.Length < 4 || !image[..4].SequenceEqual("\u007fELF"u8)))
        {
            return DspStatus.BadImage;
        }

        ulong initMemory = BinaryPrimitives.ReadUInt64LittleEndian(call.In[3].Span);
        ulong initSize = BinaryPrimitives.ReadUInt64LittleEndian(call.In[3].Span[8..]);
        if (initSize < fileLength)
        {
            return DspStatus.NoMemory;
        }

        string name = Encoding.ASCII.GetString(call.In[1].Span).TrimEnd('\0');
        lock (_processes)
        {
            _processes[session] = new DspProcess(session, name, attributes, fileLength, initMemory);
        }

        return DspStatus.Success;
    }

    private int ReleaseProcess(uint session)
    {
        lock (_processes)
        {
            return _processes.Remove(session) ? DspStatus.Success : DspStatus.NoSession;
        }
    }

    private DspProcess? Process(uint session)
    {
        lock (_processes)
        {
            return _processes.GetValueOrDefault(session);
        }
    }

    // INIT_MMAP: {pgid, flags, vaddr, num} + page -> {vaddr}; INIT_MEM_MAP: {pgid, fd, offset, flags, vaddrin, num, data_len} + page + empty -> {vaddr}.
    private int Map(DspCall call, bool legacy)
    {
        ReadOnlySpan<byte> request = call.In[0].Span;
        if (request.Length < (legacy ? 24 : 32) || call.In[1].Length < 16 || call.Out[0].Length < 8)
        {
            return DspStatus.BadArguments;
        }

        DspProcess? process = Process(BinaryPrimitives.ReadUInt32LittleEndian(request));
        if (process is null)
        {
            return DspStatus.NoSession;
        }

        int fd = legacy ? -1 : BinaryPrimitives.ReadInt32LittleEndian(request[4..]);
        uint offset = legacy ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(request[8..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(request[(legacy ? 4 : 12)..]);
        ulong address = BinaryPrimitives.ReadUInt64LittleEndian(call.In[1].Span);
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(call.In[1].Span[8..]);
        if (size == 0 || offset >= size || size % Page.Size != 0)
        {
            return DspStatus.BadArguments;
        }

        long at = process.Maps.Allocate(size, Page.Size, new DspMapping(address + offset, fd, flags));
        if (at < 0)
        {
            return DspStatus.NoMemory;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(call.Out[0].Span, (ulong)at);
        return DspStatus.Success;
    }

    // INIT_MUNMAP: {pgid, vaddr, size}; INIT_MEM_UNMAP: {pgid, fd, vaddrin, len}: one whole mapping, else unknown.
    private int Unmap(DspCall call, bool legacy)
    {
        ReadOnlySpan<byte> request = call.In[0].Span;
        if (request.Length < 24)
        {
            return DspStatus.BadArguments;
        }

        DspProcess? process = Process(BinaryPrimitives.ReadUInt32LittleEndian(request));
        if (process is null)
        {
            return DspStatus.NoSession;
        }

        int fd = legacy ? -1 : BinaryPrimitives.ReadInt32LittleEndian(request[4..]);
        ulong address = BinaryPrimitives.ReadUInt64LittleEndian(request[8..]);
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(request[16..]);
        IovaMapping<DspMapping>? found = process.Maps.Find(address, size);
        if (found is not { } mapping || mapping.Start != address || mapping.Length != size || (!legacy && mapping.Value!.Fd != fd))
        {
            return DspStatus.UnknownMapping;
        }

        process.Maps.Remove(address, mapping.Value!);
        return DspStatus.Success;
    }
}
