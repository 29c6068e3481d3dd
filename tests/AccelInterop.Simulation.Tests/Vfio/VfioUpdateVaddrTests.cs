using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Vfio;
using AccelInterop.Simulation.Vfio.Pci;
using static AccelInterop.Simulation.Tests.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>
/// vfio.md §2, VFIO_UPDATE_VADDR (vfio_iommu_type1.c: vfio_dma_do_unmap / vfio_dma_do_map with the VADDR
/// flags): vaddrs invalidated without unmapping, renewed one exact mapping at a time, no group joining meanwhile.
/// </summary>
public sealed unsafe class VfioUpdateVaddrTests
{
    private const ulong Iova = 0x100000;
    private const uint Vaddr = 4;

    [Fact]
    public void Section2_update_vaddr_is_offered_once_a_backend_is_set()
    {
        using var rig = new VfioRig();
        using DeviceFile container = DeviceFile.Open(rig.Process, VfioSubsystem.ContainerPath).Value;
        Assert.Equal(0, container.Ioctl(VFIO_CHECK_EXTENSION.Value, (void*)(nint)VFIO_UPDATE_VADDR).Value); // no iommu yet
        using DeviceFile group = DeviceFile.Open(rig.Process, rig.GroupPath).Value;
        VfioRig.SetContainer(group, container.Handle.Fd).ThrowIfError("SET_CONTAINER");
        container.Ioctl(VFIO_SET_IOMMU.Value, (void*)(nint)VFIO_TYPE1v2_IOMMU).ThrowIfError("SET_IOMMU");
        Assert.Equal(1, container.Ioctl(VFIO_CHECK_EXTENSION.Value, (void*)(nint)VFIO_UPDATE_VADDR).Value);
    }

    [Fact]
    public void Section2_unmap_vaddr_invalidates_map_vaddr_renews_and_the_device_then_reaches_the_new_memory()
    {
        using var rig = new VfioRig();
        var second = rig.Vfio.AddPciDevice(new EduDevice(), "0000:00:05.0");
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        byte* oldMemory = (byte*)NativeMemory.AlignedAlloc(8192, 4096);
        byte* newMemory = (byte*)NativeMemory.AlignedAlloc(8192, 4096);
        try
        {
            using UserMemoryRegistration oldRegistration = rig.Process.Memory.Register(oldMemory, 8192);
            using UserMemoryRegistration newRegistration = rig.Process.Memory.Register(newMemory, 8192);
            new Span<byte>(oldMemory, 8192).Fill(0x11);
            new Span<byte>(newMemory, 8192).Fill(0x22);
            new Span<byte>(newMemory, 16).Fill(0x33);
            Assert.True(VfioRig.Map(container, Iova, (ulong)oldMemory, 8192).IsSuccess);
            Assert.True(VfioRig.Map(container, Iova + 0x10000, (ulong)oldMemory, 4096).IsSuccess);

            // Renewing a vaddr that was never invalidated, or a range with no mapping.
            Assert.Equal(Errno.EINVAL, VfioRig.Map(container, Iova, (ulong)newMemory, 8192, Vaddr).Error);
            Assert.Equal(Errno.ENOENT, VfioRig.Map(container, Iova + 0x40000, (ulong)newMemory, 4096, Vaddr).Error);

            // Invalidating: the bytes come back as unmapped, the mapping stays; twice is -EINVAL and undoes nothing else.
            (SysResult invalidated, ulong size) = VfioRig.Unmap(container, Iova, 8192, Vaddr);
            Assert.True(invalidated.IsSuccess);
            Assert.Equal(8192ul, size);
            Assert.Equal(2, rig.Device.Group.Container!.DmaMappingCount);
            Assert.Equal(Errno.EINVAL, VfioRig.Unmap(container, Iova, 0x11000, Vaddr).Result.Error); // meets the invalid one: rolled back
            Assert.Equal(Errno.EINVAL, VfioRig.Map(container, Iova + 0x10000, (ulong)newMemory, 4096, Vaddr).Error); // still valid

            // No group may join while a vaddr is invalid.
            using (DeviceFile otherGroup = DeviceFile.Open(rig.Process, second.Group.Path).Value)
            {
                Assert.Equal(Errno.EBUSY, VfioRig.SetContainer(otherGroup, container.Handle.Fd).Error);
            }

            // Renewing needs the exact mapping; then the device reads the new memory through the same IOVA.
            Assert.Equal(Errno.EINVAL, VfioRig.Map(container, Iova, (ulong)newMemory, 4096, Vaddr).Error);
            Assert.True(VfioRig.Map(container, Iova, (ulong)newMemory, 8192, Vaddr).IsSuccess);
            Assert.Equal(Errno.EINVAL, VfioRig.Map(container, Iova, (ulong)newMemory, 8192, Vaddr).Error);
            VfioRig.EnableBusMaster(device);
            using (MappedRegion bar = device.Map((nuint)EduDevice.Bar0Length, VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX)).Value)
            {
                Dma(bar, Iova, EduDevice.DmaBufferAddress, 0);
                Dma(bar, EduDevice.DmaBufferAddress, Iova + 4096, EduDevice.DmaToMemory);
            }

            Assert.True(new Span<byte>(newMemory + 4096, 16).SequenceEqual(new Span<byte>(newMemory, 16)));
            Assert.Equal(-1, new Span<byte>(oldMemory, 8192).IndexOfAnyExcept((byte)0x11)); // the old memory saw nothing

            // UNMAP_ALL | VADDR invalidates every mapping; a plain unmap then takes them away.
            Assert.Equal(8192ul + 4096, VfioRig.Unmap(container, 0, 0, (uint)VFIO_DMA_UNMAP_FLAG_ALL | Vaddr).Size);
            Assert.Equal(8192ul + 4096, VfioRig.Unmap(container, 0, 0, (uint)VFIO_DMA_UNMAP_FLAG_ALL).Size);
            using (DeviceFile otherGroup = DeviceFile.Open(rig.Process, second.Group.Path).Value)
            {
                Assert.True(VfioRig.SetContainer(otherGroup, container.Handle.Fd).IsSuccess); // nothing invalid any more
            }
        }
        finally
        {
            device.Dispose();
            group.Dispose();
            container.Dispose();
            NativeMemory.AlignedFree(oldMemory);
            NativeMemory.AlignedFree(newMemory);
        }

        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    private static void Dma(MappedRegion bar, ulong source, ulong destination, ulong direction) =>
        VfioRig.EduDma(bar, source, destination, 16, EduDevice.DmaRun | direction);
}
