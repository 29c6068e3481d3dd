using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Drm;

/// <summary>
/// A DRM driver for exercising the core: ioctls of every direction and permission over plain
/// byte structs, whose handlers record what they were given (into preallocated storage, so the path stays
/// allocation-free) and fill what they return with a pattern.
/// </summary>
internal sealed class TestDrmDriver : DrmDriver<DrmFile>
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
        const DrmIoctlFlags render = DrmIoctlFlags.RenderAllow;
        Ioctls = DrmIoctlTable.Create<DrmFile>()
            .Define(Request<Bytes16>("ECHO", IoctlDirection.ReadWrite, Echo), render, Handle)
            .Define(Request<Bytes16>("TAKE", IoctlDirection.Write, Take), render, Handle)
            .Define(Request<Bytes16>("GIVE", IoctlDirection.Read, Give), render, Handle)
            .Define(Request<Bytes8>("AUTH_ONLY", IoctlDirection.ReadWrite, AuthOnly), DrmIoctlFlags.Auth, Handle)
            .Define(Request<Bytes8>("ROOT_ONLY", IoctlDirection.ReadWrite, RootOnly), DrmIoctlFlags.RootOnly | render, Handle)
            .Define(Request<Bytes8>("MASTER_ONLY", IoctlDirection.ReadWrite, MasterOnly), DrmIoctlFlags.Master | render, Handle)
            .Define(Request<Bytes8>("NOT_FOR_RENDER", IoctlDirection.ReadWrite, NotForRender), DrmIoctlFlags.None, Handle)
            .Reserve(Request<Bytes8>("NO_HANDLER", IoctlDirection.ReadWrite, NoHandler), render);
        CoreIoctls = DrmIoctlTable.Create<DrmFile>(0)
            .Define(Request<Bytes16>("CORE_ECHO", IoctlDirection.ReadWrite, CoreEcho), render, Handle)
            .Define(new IoctlRequest("CORE_NO_ARGUMENT", 0x64, CoreNoArgument, IoctlEncoding.Current.Encode(IoctlDirection.None, 0x64, CoreNoArgument, 0)),
                render, HandleWithoutArgument);
    }

    /// <summary>The test commands' argument structs: plain bytes.</summary>
    [InlineArray(16)]
    public struct Bytes16
    {
        private byte _element;
    }

    [InlineArray(8)]
    public struct Bytes8
    {
        private byte _element;
    }

    private static IoctlRequest<T> Request<T>(string name, IoctlDirection direction, byte number) where T : unmanaged
    {
        uint size = (uint)Unsafe.SizeOf<T>();
        return new IoctlRequest<T>(name, direction, 0x64, number, size, IoctlEncoding.Current.Encode(direction, 0x64, number, size));
    }

    public override string Name => "testdrm";
    public override string Description => "core dispatch test driver";
    public override int Major => 1;
    public override int Minor => 0;
    public override DrmDriverFeatures Features => _features;
    public override IoctlTable<DrmFile, DrmIoctlFlags> Ioctls { get; }
    public IoctlTable<DrmFile, DrmIoctlFlags> CoreIoctls { get; }

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

    protected override int Open(DrmFile file, out DrmFile? state)
    {
        Interlocked.Increment(ref _opens);
        state = file;
        return 0;
    }

    protected override void Postclose(DrmFile state) => Interlocked.Increment(ref _postcloses);

    private int _releasedFileCalls;

    /// <summary>Calls that reached a released file: must stay 0 (a descriptor lookup holds the file).</summary>
    public int ReleasedFileCalls => Volatile.Read(ref _releasedFileCalls);

    private int HandleWithoutArgument(DrmFile file, SimulatedProcess caller, ulong argument) => Record(file, caller, []);

    private int Handle<T>(DrmFile file, SimulatedProcess caller, ref T argument) where T : unmanaged =>
        Record(file, caller, MemoryMarshal.AsBytes(new Span<T>(ref argument)));

    private int Record(DrmFile file, SimulatedProcess caller, Span<byte> data)
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
