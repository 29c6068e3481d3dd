using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Qda;

/// <summary>
/// The device's context banks and their binding to processes
/// (<c>qda_memory_manager.c:qda_memory_manager_assign_device</c>): a file gets, on its first
/// allocation or import, the bank already bound to its pid (one more user) or else the first free
/// bank; none free is -ENOMEM. A bank is free again when its last file closes.
/// </summary>
public sealed class QdaContextBanks
{
    /// <summary>Context banks bound to a process.</summary>
    public static readonly ObjectKind BanksInUse = new("qda context banks in use");

    private readonly QdaContextBank[] _banks;
    private readonly ObjectCounter _inUse;

    internal QdaContextBanks(SimulatedKernel kernel, int count, uint firstStreamId)
    {
        _inUse = kernel.Counts.Counter(BanksInUse);
        _banks = new QdaContextBank[count];
        for (int i = 0; i < count; i++)
        {
            _banks[i] = new QdaContextBank(i, firstStreamId + (uint)i);
        }
    }

    public IReadOnlyList<QdaContextBank> All => _banks;

    /// <summary>The bank of <paramref name="file"/>, assigning one on first use; 0 or -ENOMEM.</summary>
    internal int Assign(QdaFile file, out QdaContextBank? bank)
    {
        lock (_banks)
        {
            bank = file.ContextBank;
            if (bank is not null)
            {
                return 0;
            }

            bank = Array.Find(_banks, b => b.Users > 0 && b.Pid == file.Pid) ?? Array.Find(_banks, b => b.Users == 0);
            if (bank is null)
            {
                return -ENOMEM;
            }

            if (bank.Users++ == 0)
            {
                bank.Pid = file.Pid;
                _inUse.Add(1);
            }

            file.ContextBank = bank;
            return 0;
        }
    }

    /// <summary>The file closed: its bank loses a user and is free once none is left.</summary>
    internal void Release(QdaFile file)
    {
        lock (_banks)
        {
            if (file.ContextBank is not QdaContextBank bank)
            {
                return;
            }

            file.ContextBank = null;
            if (--bank.Users == 0)
            {
                bank.Pid = 0;
                _inUse.Add(-1);
            }
        }
    }

    /// <summary>The buffer behind a DSP address, with a reference, and the offset into it; null for an address no bank maps (an SMMU fault).</summary>
    internal QdaBo? Translate(ulong dmaAddress, ulong length, out ulong offset)
    {
        offset = 0;
        uint streamId = (uint)(dmaAddress >> 32);
        foreach (QdaContextBank bank in _banks)
        {
            if (bank.StreamId == streamId)
            {
                return bank.Translate(dmaAddress & 0xFFFF_FFFF, length, out offset);
            }
        }

        return null;
    }
}
