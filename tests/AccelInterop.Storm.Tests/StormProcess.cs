using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Storm.Tests;

/// <summary>
/// One simulated process of the storm and what the storm knows about it: its registered memory
/// (with an unregistered guard after it, to catch a kernel that writes past user memory), the fds
/// it opened, its live mappings, and values and mmap offsets earlier calls returned.
/// </summary>
internal sealed unsafe class StormProcess : IDisposable
{
    public const int ArenaSize = 64 * 1024;
    public const int GuardSize = 4096;
    private const byte GuardByte = 0xA5;
    private const int RingSize = 32;

    private readonly byte[] _memory = GC.AllocateArray<byte>(ArenaSize + GuardSize, pinned: true);
    private readonly PinnedUserMemory _arena;
    private readonly ulong[] _recent = new ulong[RingSize];
    private readonly ulong[] _offsets = new ulong[RingSize];
    private int _recentCount;
    private int _offsetCount;

    public StormProcess(SimulatedKernel kernel, int slot, int generation)
    {
        Process = kernel.CreateProcess($"storm{slot}.{generation}");
        _memory.AsSpan(ArenaSize).Fill(GuardByte);
        _arena = Process.Memory.Pin(new Memory<byte>(_memory, 0, ArenaSize));
        Base = _arena.Address;
    }

    public SimulatedProcess Process { get; }

    /// <summary>The first byte of the registered memory.</summary>
    public ulong Base { get; }

    /// <summary>Taken for fd and mapping bookkeeping, and held across munmap, stores into mappings and exit.</summary>
    public object Lock { get; } = new();

    /// <summary>The fds the storm opened, with the ioctl type byte of their file ('\\0' for files without ioctls of their own).</summary>
    public List<(int Fd, char Type)> Fds { get; } = [];
    public List<(nint Address, nuint Length)> Mappings { get; } = [];

    /// <summary>The first unregistered byte, where the guard starts.</summary>
    public ulong GuardAddress => Base + ArenaSize;

    public Span<byte> Arena => _memory.AsSpan(0, ArenaSize);

    /// <summary>A kernel that wrote past the registered memory changed the guard.</summary>
    public bool GuardIntact => !_memory.AsSpan(ArenaSize).ContainsAnyExcept(GuardByte);

    /// <summary>Rewrites the guard after a reported overrun, so that the next one is seen on its own call.</summary>
    public void RestoreGuard() => _memory.AsSpan(ArenaSize).Fill(GuardByte);

    public void Remember(ulong value)
    {
        lock (_recent)
        {
            _recent[_recentCount++ % RingSize] = value;
        }
    }

    public void RememberOffset(ulong offset)
    {
        lock (_offsets)
        {
            _offsets[_offsetCount++ % RingSize] = offset;
        }
    }

    public ulong Recent(uint choice)
    {
        lock (_recent)
        {
            return _recentCount == 0 ? choice % 8 : _recent[choice % (uint)Math.Min(_recentCount, RingSize)];
        }
    }

    public ulong Offset(uint choice)
    {
        lock (_offsets)
        {
            return _offsetCount == 0 ? 0 : _offsets[choice % (uint)Math.Min(_offsetCount, RingSize)];
        }
    }

    /// <summary>An fd: mostly one the storm opened, sometimes one an ioctl returned (a dma-buf, most likely), sometimes a bad one.</summary>
    public (int Fd, char Type) PickFd(uint choice)
    {
        lock (Lock)
        {
            return (choice % 10) switch
            {
                < 7 when Fds.Count > 0 => Fds[(int)(choice / 10 % (uint)Fds.Count)],
                < 9 => ((int)(Recent(choice / 10) & 0x3FF), StormDevices.AnonymousFileType),
                _ => ((int)(choice >> 8) % 2048 - 16, '\0'),
            };
        }
    }

    /// <summary>Unpins the registered memory; only once no call of this process can still be running.</summary>
    public void Dispose() => _arena.Dispose();
}
