using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.DmaHeaps;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Qda;
using AccelInterop.Simulation.Tests.Uapi.Dmabuf;
using AccelInterop.Simulation.Tests.Uapi.Qda;
using static AccelInterop.Simulation.Tests.Uapi.Dmabuf.Dmabuf;
using static AccelInterop.Simulation.Tests.Uapi.Qda.Qda;

namespace AccelInterop.Simulation.Tests.Qda;

/// <summary>A simulated kernel with one QDA device and the system dma-heap, a process, and the usual calls through generated bindings.</summary>
internal sealed class QdaRig : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public QdaRig(QdaOptions? options = null, SimulationOptions? simulation = null)
    {
        Kernel = new SimulatedKernel(simulation ?? new SimulationOptions { Firmware = FirmwareExecution.Inline });
        Driver = QdaDriver.CreateDevice(Kernel, options);
        Assert.Equal(0, SystemHeap.Load(Kernel));
        Process = Kernel.CreateProcess("qda-test");
        File = Open();
    }

    public SimulatedKernel Kernel { get; }
    public QdaDriver Driver { get; }
    public SimulatedProcess Process { get; }
    public DeviceFile File { get; }

    /// <summary>An ELF-looking process image of <paramref name="length"/> bytes.</summary>
    public static byte[] Image(int length = 256)
    {
        byte[] image = new byte[length];
        "\u007fELF"u8.CopyTo(image);
        return image;
    }

    public DeviceFile Open(SimulatedProcess? process = null) => DeviceFile.Open(process ?? Process, Driver.Device.NodePath).Value;

    /// <summary>Pins <paramref name="buffer"/> as user memory of <paramref name="process"/> (the rig's by default); its address.</summary>
    public ulong Pin<T>(T[] buffer, SimulatedProcess? process = null) where T : unmanaged
    {
        PinnedUserMemory pinned = (process ?? Process).Memory.Pin(buffer);
        lock (_owned)
        {
            _owned.Add(pinned);
        }

        return pinned.Address;
    }

    /// <summary>The call's return value, asserting that it succeeded (a failed call's <see cref="SysResult.Value"/> is 0, like a success's).</summary>
    public static int Returned(SysResult result)
    {
        Assert.True(result.IsSuccess, $"the call failed: {result}");
        return result.Value;
    }

    /// <summary>One ioctl, no EINTR/EAGAIN retry.</summary>
    public static SysResult Call<T>(DeviceFile file, in AccelInterop.Runtime.Ioctl.IoctlRequest<T> request, ref T args) where T : unmanaged =>
        file.IoctlOnce(request, ref args);

    public SysResult Call<T>(in AccelInterop.Runtime.Ioctl.IoctlRequest<T> request, ref T args) where T : unmanaged => Call(File, request, ref args);

    public uint Bo(ulong size = 0x4000, DeviceFile? file = null)
    {
        var create = new drm_qda_gem_create { size = size };
        Assert.Equal(Errno.None, Call(file ?? File, DRM_IOCTL_QDA_GEM_CREATE, ref create).Error);
        return create.handle;
    }

    /// <summary>REMOTE_SESSION_CREATE with the image in user memory.</summary>
    public SysResult CreateSession(DeviceFile? file = null, uint attrs = 0, SimulatedProcess? process = null)
    {
        byte[] image = Image();
        var init = new drm_qda_init_create { filelen = (uint)image.Length, filefd = -1, attrs = attrs, file = Pin(image, process) };
        return Call(file ?? File, DRM_IOCTL_QDA_REMOTE_SESSION_CREATE, ref init);
    }

    /// <summary>A system-heap dma-buf of <paramref name="length"/> bytes (its fd in the rig's process).</summary>
    public DeviceFile HeapBuffer(ulong length, SimulatedProcess? process = null)
    {
        SimulatedProcess owner = process ?? Process;
        using DeviceFile node = DeviceFile.Open(owner, "/dev/dma_heap/system").Value;
        var data = new dma_heap_allocation_data { len = length, fd_flags = 0x80002 };
        node.IoctlOrThrow(DMA_HEAP_IOCTL_ALLOC, ref data);
        return new DeviceFile(new SafeFileDescriptor(owner, (int)data.fd));
    }

    /// <summary>REMOTE_INVOKE of <paramref name="method"/> on <paramref name="handle"/> with these descriptors.</summary>
    public SysResult Invoke(uint handle, FastRpcScalars sc, drm_qda_fastrpc_invoke_args[] args, DeviceFile? file = null, SimulatedProcess? process = null, bool once = true)
    {
        var invoke = new drm_qda_invoke_args { handle = handle, sc = sc.Value, args = args.Length == 0 ? 0 : Pin(args, process) };
        return once ? Call(file ?? File, DRM_IOCTL_QDA_REMOTE_INVOKE, ref invoke) : (file ?? File).Ioctl(DRM_IOCTL_QDA_REMOTE_INVOKE, ref invoke);
    }

    /// <summary>An inline argument over pinned <paramref name="buffer"/>.</summary>
    public drm_qda_fastrpc_invoke_args Inline(byte[] buffer, SimulatedProcess? process = null, int fd = -1) =>
        new() { ptr = Pin(buffer, process), length = (ulong)buffer.Length, fd = fd };

    public void Dispose()
    {
        File.Dispose();
        Process.Exit();
        lock (_owned)
        {
            foreach (IDisposable owned in _owned)
            {
                owned.Dispose();
            }
        }
    }
}
