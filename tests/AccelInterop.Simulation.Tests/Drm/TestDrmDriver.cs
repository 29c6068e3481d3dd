using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Drm;

/// <summary>
/// A DRM driver for exercising the core: ioctls of every direction and permission, whose
/// handlers record what they were given (into preallocated storage, so the path stays
/// allocation-free) and fill what they return with a pattern.
/// </summary>
internal sealed class TestDrmDriver : DrmDriver
{
    public const byte Echo = 0x40;          // _IOWR, 16 bytes, render-allowed
    public const byte Take = 0x41;          // _IOW, 16 bytes
    public const byte Hole = 0x42;          // no entry
    public const byte Give = 0x43;          // _IOR, 16 bytes
    public const byte AuthOnly = 0x44;      // _IOWR 8, DRM_AUTH
    public const byte RootOnly = 0x45;      // _IOWR 8, DRM_ROOT_ONLY | RENDER_ALLOW
    public const byte MasterOnly = 0x46;    // _IOWR 8, DRM_MASTER | RENDER_ALLOW
    public const byte NotForRender = 0x47;  // _IOWR 8, no flags
    public const byte NoHandler = 0x48;     // _IOWR 8, entry without function
    public const int DriverIoctlCount = 9;

    public const byte CoreEcho = 0x00;      // core _IOWR 16
    public const byte CoreHole = 0x01;
    public const byte CoreNoArgument = 0x02; // core _IO
    public const int CoreIoctlCount = 3;

    private readonly DrmDriverFeatures _features;

    public TestDrmDriver(DrmDriverFeatures features)
    {
        _features = features;
        IoctlEncoding e = IoctlEncoding.Current;
        Ioctls = new DrmIoctlTable(0x40,
        [
            new("ECHO", e.Encode(IoctlDirection.ReadWrite, 0x64, Echo, 16), DrmIoctlFlags.RenderAllow, Handle),
            new("TAKE", e.Encode(IoctlDirection.Write, 0x64, Take, 16), DrmIoctlFlags.RenderAllow, Handle),
            new("GIVE", e.Encode(IoctlDirection.Read, 0x64, Give, 16), DrmIoctlFlags.RenderAllow, Handle),
            new("AUTH_ONLY", e.Encode(IoctlDirection.ReadWrite, 0x64, AuthOnly, 8), DrmIoctlFlags.Auth, Handle),
            new("ROOT_ONLY", e.Encode(IoctlDirection.ReadWrite, 0x64, RootOnly, 8), DrmIoctlFlags.RootOnly | DrmIoctlFlags.RenderAllow, Handle),
            new("MASTER_ONLY", e.Encode(IoctlDirection.ReadWrite, 0x64, MasterOnly, 8), DrmIoctlFlags.Master | DrmIoctlFlags.RenderAllow, Handle),
            new("NOT_FOR_RENDER", e.Encode(IoctlDirection.ReadWrite, 0x64, NotForRender, 8), DrmIoctlFlags.None, Handle),
            new("NO_HANDLER", e.Encode(IoctlDirection.ReadWrite, 0x64, NoHandler, 8), DrmIoctlFlags.RenderAllow, null),
        ]);
        CoreIoctls = new DrmIoctlTable(0,
        [
            new("CORE_ECHO", e.Encode(IoctlDirection.ReadWrite, 0x64, CoreEcho, 16), DrmIoctlFlags.RenderAllow, Handle),
            new("CORE_NO_ARGUMENT", e.Encode(IoctlDirection.None, 0x64, CoreNoArgument, 0), DrmIoctlFlags.RenderAllow, Handle),
        ]);
    }

    public override string Name => "testdrm";
    public override string Description => "core dispatch test driver";
    public override int Major => 1;
    public override int Minor => 0;
    public override DrmDriverFeatures Features => _features;
    public override DrmIoctlTable Ioctls { get; }
    public DrmIoctlTable CoreIoctls { get; }

    public int Calls { get; private set; }
    public byte[] LastInput { get; } = new byte[8192];
    public int LastLength { get; private set; }
    public DrmFile? LastFile { get; private set; }
    public SimulatedProcess? LastCaller { get; private set; }

    /// <summary>What the next calls return, consumed in order; then 0.</summary>
    public Queue<int> Results { get; } = new();

    // Files are released on whichever thread drops the last reference, so these count atomically.
    private int _opens;
    private int _postcloses;

    public int Opens => Volatile.Read(ref _opens);
    public int Postcloses => Volatile.Read(ref _postcloses);

    public static byte Pattern(int index) => (byte)(0xA0 + index);

    public override int Open(DrmFile file)
    {
        Interlocked.Increment(ref _opens);
        return 0;
    }

    public override void Postclose(DrmFile file) => Interlocked.Increment(ref _postcloses);

    private int _releasedFileCalls;

    /// <summary>Calls that reached a released file: must stay 0 (a descriptor lookup holds the file).</summary>
    public int ReleasedFileCalls => Volatile.Read(ref _releasedFileCalls);

    private int Handle(DrmFile file, SimulatedProcess caller, Span<byte> data)
    {
        if (file.IsReleased)
        {
            Interlocked.Increment(ref _releasedFileCalls);
        }

        Calls++;
        LastFile = file;
        LastCaller = caller;
        LastLength = data.Length;
        data.CopyTo(LastInput);
        int touched = Math.Min(data.Length, 16);
        for (int i = 0; i < touched; i++)
        {
            data[i] = Pattern(i);
        }

        return Results.TryDequeue(out int result) ? result : 0;
    }

    public override int Mmap(DrmFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping)
    {
        // One mappable object at the DRM fake-offset base (drm-core.md §3), 2 pages.
        if (offset != 0x1_0000_0000 || length > 8192)
        {
            mapping = null;
            return AccelInterop.Runtime.Errors.Errno.EINVAL.ToKernelReturn();
        }

        mapping = new NativeMapping(length, this);
        LiveMappings++;
        return 0;
    }

    public int LiveMappings { get; private set; }

    private sealed unsafe class NativeMapping(nuint length, TestDrmDriver owner)
        : MemoryMapping((nint)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(length, 4096), length)
    {
        protected override void OnUnmap()
        {
            System.Runtime.InteropServices.NativeMemory.AlignedFree((void*)Address);
            owner.LiveMappings--;
        }
    }
}
