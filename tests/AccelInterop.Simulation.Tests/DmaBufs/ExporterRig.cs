using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.DmaHeaps;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Mem;
using AccelInterop.Simulation.Tests.Uapi.Dmabuf;
using static AccelInterop.Simulation.Tests.Uapi.Dmabuf.Dmabuf;

namespace AccelInterop.Simulation.Tests.DmaBufs;

/// <summary>A simulated kernel with the system heap and udmabuf loaded, a process, and helpers for dma-buf fds.</summary>
internal sealed class ExporterRig : IDisposable
{
    public ExporterRig(SystemHeapOptions? heap = null, SimulationOptions? options = null)
    {
        Kernel = new SimulatedKernel(options ?? new SimulationOptions { Firmware = FirmwareExecution.Inline });
        Assert.Equal(0, SystemHeap.Load(Kernel, heap));
        Udmabuf = Simulation.Udmabuf.UdmabufDevice.Load(Kernel);
        Process = Kernel.CreateProcess("exporters");
    }

    public SimulatedKernel Kernel { get; }
    public Simulation.Udmabuf.UdmabufDevice Udmabuf { get; }
    public SimulatedProcess Process { get; }

    /// <summary>DMA_HEAP_IOCTL_ALLOC of <paramref name="length"/> bytes on <paramref name="heap"/>; the dma-buf as a device file.</summary>
    public DeviceFile Allocate(ulong length, string heap = "system", uint fdFlags = 0x80002)
    {
        using DeviceFile node = DeviceFile.Open(Process, $"/dev/dma_heap/{heap}").Value;
        var data = new dma_heap_allocation_data { len = length, fd_flags = fdFlags };
        node.IoctlOrThrow(DMA_HEAP_IOCTL_ALLOC, ref data);
        return Wrap((int)data.fd);
    }

    public DeviceFile Wrap(int fd, SimulatedProcess? process = null) => new(new SafeFileDescriptor(process ?? Process, fd));

    /// <summary>A device file over <paramref name="fd"/> that does not close it.</summary>
    public DeviceFile Borrow(int fd) => new(new SafeFileDescriptor(Process, fd, ownsHandle: false));

    /// <summary>A memfd of <paramref name="size"/> bytes with <paramref name="seals"/> added.</summary>
    public int Memfd(ulong size, MemfdSeals seals = MemfdSeals.Shrink)
    {
        int fd = Process.MemfdCreate("rig", MemfdFlags.AllowSealing).Value;
        Assert.True(Process.Truncate(fd, size).IsSuccess);
        if (seals != MemfdSeals.None)
        {
            Assert.True(Process.AddSeals(fd, seals).IsSuccess);
        }

        return fd;
    }

    public void Dispose()
    {
        Process.Exit();
    }
}
