using AccelInterop.Simulation.Fences;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// The command streamer's state of one logical ring context (what the LRC saves when the context
/// leaves its hardware engine): it reads the context's ring from head to tail and runs the
/// <see cref="XeMiCommand"/> subset, following MI_BATCH_BUFFER_START into batches read through
/// the queue's VM. The ring's GGTT store is the seqno write to the status page: every hardware
/// fence whose seqno it reached (wrap-safe) signals. A semaphore that does not hold stalls the
/// context where it is; an unknown command or an unbound address hangs it until the queue is reset
/// (the scheduler's timeout bans the queue). Which context runs is the
/// <see cref="XeHwEngineArbiter"/>'s choice.
/// </summary>
internal sealed class XeEngine(XeExecQueue queue)
{
    private bool _inBatch;
    private ulong _batchPc;

    /// <summary>The engine hung (unknown command, unbound address); it runs nothing more.</summary>
    public bool Hung { get; private set; }

    /// <summary>The engine waits on a semaphore that does not hold yet.</summary>
    public bool Stalled { get; private set; }

    /// <summary>The last seqno the ring wrote to the status page.</summary>
    public uint HardwareSeqno { get; private set; }

    /// <summary>Commands executed (for tests and the benchmark).</summary>
    public long Executed { get; private set; }

    internal void ResetSeqno(uint seqno) => HardwareSeqno = seqno;

    /// <summary>Whether the context has something to run: a batch under way or commands in its ring (a hung one has not).</summary>
    public bool HasWork(XeRing ring) => !Hung && (_inBatch || !ring.IsIdle);

    /// <summary>
    /// Runs at most <paramref name="budget"/> commands of <paramref name="ring"/>; the hardware fences
    /// reached are added to <paramref name="reached"/> (signalled by the caller outside the engine lock);
    /// a user interrupt sets <paramref name="interrupt"/>. Returns the commands run (0: stalled, hung or idle).
    /// </summary>
    public int Run(XeRing ring, Queue<DmaFence> inFlight, List<DmaFence> reached, int budget, ref bool interrupt)
    {
        int used = 0;
        while (!Hung && used < budget)
        {
            if (_inBatch)
            {
                if (!ReadVm(_batchPc, out uint header))
                {
                    Hang();
                    break;
                }

                if (Execute(header, batch: true, ring, inFlight, reached, ref interrupt) < 0)
                {
                    break; // stalled or hung
                }

                used++;
                continue;
            }

            if (ring.IsIdle || Execute(ring.PeekHead(0), batch: false, ring, inFlight, reached, ref interrupt) < 0)
            {
                break;
            }

            used++;
        }

        return used;
    }

    // One command at the ring's head or the batch's pc: its length in dwords, or -1 (stalled/hung).
    private int Execute(uint header, bool batch, XeRing ring, Queue<DmaFence> inFlight, List<DmaFence> reached, ref bool interrupt)
    {
        if (XeMiCommand.CommandType(header) != 0)
        {
            Hang();
            return -1;
        }

        Stalled = false;
        int length;
        switch (XeMiCommand.Opcode(header))
        {
            case 0x0: // NOOP
            case 0x5: // ARB_CHECK
            case 0x8: // ARB_ON_OFF
                length = 1;
                break;
            case 0x2: // USER_INTERRUPT
                interrupt = true;
                length = 1;
                break;
            case 0xA: // BATCH_BUFFER_END
                if (batch)
                {
                    _inBatch = false;
                    Executed++;
                    return 1;
                }

                length = 1;
                break;
            case 0x20: // STORE_DATA_IMM
                {
                    length = (int)(header & 0x3FF) + 2;
                    if (length is not (4 or 5) || !Operand(batch, ring, 1, out uint low) || !Operand(batch, ring, 2, out uint high) ||
                        !Operand(batch, ring, 3, out uint data0))
                    {
                        Hang();
                        return -1;
                    }

                    uint data1 = 0;
                    if (length == 5 && !Operand(batch, ring, 4, out data1))
                    {
                        Hang();
                        return -1;
                    }

                    ulong address = low | ((ulong)high << 32);
                    if ((header & XeMiCommand.GgttBit) != 0)
                    {
                        // The ring's seqno write to its status page.
                        HardwareSeqno = data0;
                        while (inFlight.TryPeek(out DmaFence? fence) && !fence.Context.IsLater(fence.Seqno, HardwareSeqno))
                        {
                            reached.Add(inFlight.Dequeue());
                        }
                    }
                    else if (!WriteVm(address, data0, data1, length == 5))
                    {
                        Hang();
                        return -1;
                    }

                    break;
                }

            case 0x1c: // SEMAPHORE_WAIT
                {
                    length = 5;
                    if (!Operand(batch, ring, 1, out uint value) || !Operand(batch, ring, 2, out uint low) || !Operand(batch, ring, 3, out uint high) ||
                        !ReadVm(low | ((ulong)high << 32), out uint memory))
                    {
                        Hang();
                        return -1;
                    }

                    if (!Compare((XeMiCommand.SemaphoreCompare)((header >> 12) & 7), memory, value))
                    {
                        Stalled = true;
                        return -1;
                    }

                    break;
                }

            case 0x31: // BATCH_BUFFER_START
                {
                    length = 3;
                    if (!Operand(batch, ring, 1, out uint low) || !Operand(batch, ring, 2, out uint high))
                    {
                        Hang();
                        return -1;
                    }

                    ulong target = (low | ((ulong)high << 32)) & ((1UL << 48) - 1);
                    if (!batch)
                    {
                        Consume(ring, length);
                    }

                    _inBatch = true;
                    _batchPc = target;
                    Executed++;
                    return length;
                }

            default:
                Hang();
                return -1;
        }

        if (batch)
        {
            _batchPc += (ulong)length * 4;
        }
        else
        {
            Consume(ring, length);
        }

        Executed++;
        return length;
    }

    private static void Consume(XeRing ring, int dwords)
    {
        for (int i = 0; i < dwords; i++)
        {
            ring.ReadHead();
        }
    }

    private bool Operand(bool batch, XeRing ring, int index, out uint value)
    {
        if (!batch)
        {
            value = ring.PeekHead(index);
            return true;
        }

        return ReadVm(_batchPc + (ulong)index * 4, out value);
    }

    private static bool Compare(XeMiCommand.SemaphoreCompare op, uint memory, uint value) => op switch
    {
        XeMiCommand.SemaphoreCompare.GreaterThan => memory > value,
        XeMiCommand.SemaphoreCompare.GreaterOrEqual => memory >= value,
        XeMiCommand.SemaphoreCompare.LessThan => memory < value,
        XeMiCommand.SemaphoreCompare.LessOrEqual => memory <= value,
        XeMiCommand.SemaphoreCompare.Equal => memory == value,
        XeMiCommand.SemaphoreCompare.NotEqual => memory != value,
        _ => false,
    };

    private bool ReadVm(ulong address, out uint value) => queue.Vm.Read32(address, out value);

    private bool WriteVm(ulong address, uint low, uint high, bool qword) => queue.Vm.Write(address, low | ((ulong)high << 32), qword);

    private void Hang()
    {
        Hung = true;
        queue.Driver.Device.Kernel.Trace($"xe queue {queue.Id}: engine hang");
    }
}
