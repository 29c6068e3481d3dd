using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Amdxdna;
using AccelInterop.Simulation.Tests.Uapi.Dmabuf;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using AccelInterop.Simulation.Tests.Vgem;
using static AccelInterop.Simulation.Tests.Uapi.Amdxdna.Amdxdna;
using static AccelInterop.Simulation.Tests.Uapi.Dmabuf.Dmabuf;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;

namespace AccelInterop.Simulation.Tests.DmaBufs;

/// <summary>Buffers moving between exporters and importers by fd: the same memory, the same reservation, nothing left after close.</summary>
public sealed class CrossDeviceSharingTests
{
    private static GemObject Object(SimulatedProcess process, DeviceFile drm, uint handle)
    {
        OpenFile file = process.GetFile(drm.Handle.Fd)!;
        GemObject gem = ((DrmFile)file.Operations).LookupObject(handle)!;
        file.Put();
        gem.Put(); // the handle keeps it alive for the test
        return gem;
    }

    [Fact]
    public void A_heap_buffer_imported_by_amdxdna_is_the_same_memory_and_re_exports_as_the_same_dma_buf()
    {
        var rig = new VgemRig();
        AmdxdnaDriver.CreateDevice(rig.Kernel, AmdxdnaGeneration.Aie2Npu4);
        using (DeviceFile npu = DeviceFile.Open(rig.Process, "/dev/accel/accel0").Value)
        using (DeviceFile buffer = rig.Exporters.Allocate(8192))
        {
            uint handle = VgemRig.Import(npu, buffer);
            GemObject imported = Object(rig.Process, npu, handle);
            Assert.Equal(0, DmaBuf.Get(rig.Process, buffer.Handle.Fd, out DmaBuf? dmaBuf));
            Assert.Same(dmaBuf, imported.ImportedFrom);
            Assert.Same(dmaBuf!.Resv, imported.Resv); // obj->resv = dma_buf->resv
            Assert.Equal(1, dmaBuf.AttachmentCount);
            dmaBuf.File.Put();

            // amdxdna_gem_prime_import: the import is an amdxdna SHARE BO with a device address and an mmap offset.
            var info = new amdxdna_drm_get_bo_info { handle = handle };
            npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_GET_BO_INFO, ref info);
            Assert.IsType<AmdxdnaBo>(imported);
            Assert.NotEqual(0UL, info.xdna_addr);
            Assert.NotEqual(0UL, info.map_offset);

            using (MappedRegion cpu = buffer.Map(8192).Value)
            {
                cpu.Span[8000] = 0x42;
                Assert.Equal(0x42, imported.Bytes[8000]);
            }

            // Importing again finds the handle; exporting the import gives the heap's dma-buf back.
            Assert.Equal(handle, VgemRig.Import(npu, buffer));
            using DeviceFile again = rig.Export(handle, npu);
            Assert.True(again.Stat().Value.IsSameFile(buffer.Stat().Value));
        }

        rig.Dispose();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void A_udmabuf_imported_by_vgem_carries_vgem_fences_in_the_udmabuf_reservation()
    {
        var rig = new VgemRig();
        int memfd = rig.Exporters.Memfd(4096);
        using (DeviceFile udmabuf = DeviceFile.Open(rig.Process, Simulation.Udmabuf.UdmabufDevice.Path).Value)
        {
            var create = new udmabuf_create { memfd = (uint)memfd, size = 4096 };
            using DeviceFile buffer = rig.Exporters.Wrap(udmabuf.Ioctl(UDMABUF_CREATE, ref create).ThrowIfError("UDMABUF_CREATE"));
            uint handle = VgemRig.Import(rig.Card, buffer);
            using (MappedRegion pages = rig.Exporters.Borrow(memfd).Map(4096).Value)
            {
                pages.Span[7] = 0x77;
                Assert.Equal(0x77, Object(rig.Process, rig.Card, handle).Bytes[7]);
            }

            // The import shares the udmabuf's reservation: a vgem write fence makes the udmabuf fd busy.
            uint fence = rig.Attach(handle, write: true);
            Assert.Equal(PollEvents.None, buffer.Poll(PollEvents.In | PollEvents.Out, 0).Value);
            rig.Signal(fence);
            Assert.Equal(PollEvents.In | PollEvents.Out, buffer.Poll(PollEvents.In | PollEvents.Out, 0).Value);

            // drm_gem_dumb_map_offset: an imported object cannot be mapped through the importer.
            var map = new drm_mode_map_dumb { handle = handle };
            Assert.Equal(Runtime.Errors.Errno.EINVAL, rig.Card.Ioctl(DRM_IOCTL_MODE_MAP_DUMB, ref map).Error);
        }

        Assert.True(rig.Process.Close(memfd).IsSuccess);
        rig.Dispose();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void A_vgem_buffer_imported_by_amdxdna_shares_memory_and_fences_and_self_import_returns_the_object()
    {
        var rig = new VgemRig();
        AmdxdnaDriver.CreateDevice(rig.Kernel, AmdxdnaGeneration.Aie2Npu4);
        using (DeviceFile npu = DeviceFile.Open(rig.Process, "/dev/accel/accel0").Value)
        {
            uint dumb = rig.Dumb(4096);
            using DeviceFile buffer = rig.Export(dumb);
            Assert.Equal(dumb, VgemRig.Import(rig.Card, buffer)); // self-import: the original handle
            uint handle = VgemRig.Import(npu, buffer);
            GemObject exported = Object(rig.Process, rig.Card, dumb);
            GemObject imported = Object(rig.Process, npu, handle);
            Assert.Equal(exported.Memory, imported.Memory);
            Assert.Same(exported.Resv, imported.Resv);
            Assert.Equal(1, exported.PagesPinCount); // drm_gem_map_attach pins the exporter's pages

            exported.Bytes[0] = 9;
            Assert.Equal(9, imported.Bytes[0]);
            rig.Attach(dumb, write: false);
            Assert.False(imported.Resv.TestSignaled(DmaResv.UsageFor(write: true)));

            var close = new drm_gem_close { handle = handle };
            npu.IoctlOrThrow(DRM_IOCTL_GEM_CLOSE, ref close);
            Assert.Equal(0, exported.PagesPinCount); // the import detached
        }

        rig.Dispose();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }
}
