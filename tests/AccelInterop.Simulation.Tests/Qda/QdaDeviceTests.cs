using System.Text;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Qda;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using AccelInterop.Simulation.Tests.Uapi.Qda;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Qda.Qda;

namespace AccelInterop.Simulation.Tests.Qda;

/// <summary>Devices, per-file state, QUERY, GEM and PRIME (qda.md §1–§3).</summary>
public sealed class QdaDeviceTests
{
    [Fact]
    public void S1_one_accel_node_per_domain_and_QUERY_answers_the_domain_name()
    {
        var kernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Inline });
        QdaDriver adsp = QdaDriver.CreateDevice(kernel, new QdaOptions { Domain = "adsp" });
        QdaDriver cdsp = QdaDriver.CreateDevice(kernel, new QdaOptions { Domain = "cdsp" });
        QdaDriver longName = QdaDriver.CreateDevice(kernel, new QdaOptions { Domain = "a-very-long-domain-name" });
        Assert.Equal(["/dev/accel/accel0", "/dev/accel/accel1", "/dev/accel/accel2"], [adsp.Device.NodePath, cdsp.Device.NodePath, longName.Device.NodePath]);
        SimulatedProcess process = kernel.CreateProcess("query");
        foreach ((QdaDriver driver, string expected) in new[] { (adsp, "adsp"), (cdsp, "cdsp"), (longName, "a-very-long-dom") })
        {
            using var file = Runtime.Devices.DeviceFile.Open(process, driver.Device.NodePath).Value;
            var query = new drm_qda_query();
            ((Span<byte>)query.dsp_name).Fill(0xFF);
            Assert.True(file.IoctlOnce(DRM_IOCTL_QDA_QUERY, ref query).IsSuccess);
            ReadOnlySpan<byte> name = query.dsp_name;
            Assert.Equal(expected, Encoding.ASCII.GetString(name[..name.IndexOf((byte)0)]));
        }

        process.Exit();
        Assert.True(kernel.Counts.AllZero, kernel.Counts.ToString());
    }

    [Fact]
    public void S1_the_reserved_slot_0x43_and_numbers_past_the_table_are_EINVAL()
    {
        using var rig = new QdaRig();
        byte[] nothing = new byte[16];
        Assert.Equal(Errno.EINVAL, rig.File.IoctlOnce(0x00006443, nothing.AsSpan()).Error); // the RFC's INIT_ATTACH (DRM_IO)
        Assert.Equal(Errno.EINVAL, rig.File.IoctlOnce(0xc0106448, nothing.AsSpan()).Error);
    }

    [Fact]
    public void S2_session_ids_come_from_a_device_wide_counter_starting_at_1()
    {
        using var rig = new QdaRig();
        using var second = rig.Open();
        SimulatedProcess other = rig.Kernel.CreateProcess("other");
        using var third = rig.Open(other);
        Assert.Equal(0, rig.CreateSession().Error.Number);
        Assert.Equal(0, rig.CreateSession(second).Error.Number);
        Assert.Equal(0, rig.CreateSession(third, process: other).Error.Number);
        Assert.Equal([1u, 2u, 3u], rig.Driver.Dsp.Processes.Select(p => p.Session).Order());
    }

    [Fact]
    public void S3_gem_create_checks_pad_then_size_and_rounds_to_pages()
    {
        using var rig = new QdaRig();
        var create = new drm_qda_gem_create { size = 4096, pad = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_QDA_GEM_CREATE, ref create).Error);
        create = new drm_qda_gem_create { size = 0 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_QDA_GEM_CREATE, ref create).Error);
        Assert.All(rig.Driver.ContextBanks.All, bank => Assert.Equal(0, bank.Users));

        create = new drm_qda_gem_create { size = 5000, handle = 77 };
        Assert.True(rig.Call(DRM_IOCTL_QDA_GEM_CREATE, ref create).IsSuccess);
        Assert.Equal(1u, create.handle); // the handle's input is ignored; handles start at 1
        Assert.Equal(8192UL, Bo(rig, create.handle).Size);
        create = new drm_qda_gem_create { size = ulong.MaxValue };
        Assert.Equal(Errno.ENOMEM, rig.Call(DRM_IOCTL_QDA_GEM_CREATE, ref create).Error);
    }

    [Fact]
    public void S3_gem_create_without_context_banks_is_ENODEV()
    {
        using var rig = new QdaRig(new QdaOptions { ContextBanks = 0 });
        var create = new drm_qda_gem_create { size = 4096 };
        Assert.Equal(Errno.ENODEV, rig.Call(DRM_IOCTL_QDA_GEM_CREATE, ref create).Error);
    }

    [Fact]
    public void S3_device_addresses_carry_the_context_bank_stream_id_in_the_upper_32_bits()
    {
        using var rig = new QdaRig(new QdaOptions { FirstStreamId = 0x21 });
        uint handle = rig.Bo(0x3000);
        QdaBo bo = Bo(rig, handle);
        Assert.Equal(0x21UL, bo.DmaAddress >> 32);
        Assert.Equal(0x21u, bo.ContextBank!.StreamId);
        Assert.Equal(0UL, bo.DmaAddress & 0xFFF);
        Assert.Equal(0x3000UL, bo.Size);
    }

    [Fact]
    public unsafe void S3_mmap_offset_checks_and_the_mapping_is_the_buffer()
    {
        using var rig = new QdaRig();
        uint handle = rig.Bo(0x2000);
        var offset = new drm_qda_gem_mmap_offset { handle = handle, pad = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_QDA_GEM_MMAP_OFFSET, ref offset).Error);
        offset = new drm_qda_gem_mmap_offset { handle = 99 };
        Assert.Equal(Errno.ENOENT, rig.Call(DRM_IOCTL_QDA_GEM_MMAP_OFFSET, ref offset).Error);
        offset = new drm_qda_gem_mmap_offset { handle = handle };
        Assert.True(rig.Call(DRM_IOCTL_QDA_GEM_MMAP_OFFSET, ref offset).IsSuccess);
        Assert.NotEqual(0UL, offset.offset);
        using Runtime.Devices.MappedRegion region = rig.File.Map(0x2000, (long)offset.offset).Value;
        region.Span[5] = 0x5A;
        Assert.Equal(0x5A, Bo(rig, handle).Bytes[5]);
    }

    [Fact]
    public void S3_prime_import_of_a_heap_buffer_maps_it_in_the_files_bank_and_refuses_mmap_offset()
    {
        using var rig = new QdaRig();
        using Runtime.Devices.DeviceFile heap = rig.HeapBuffer(0x4000);
        var prime = new drm_prime_handle { fd = heap.Handle.Fd };
        Assert.True(rig.File.IoctlOnce(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime).IsSuccess);
        QdaBo imported = Bo(rig, prime.handle);
        Assert.NotNull(imported.ImportedFrom);
        Assert.Equal(rig.Driver.ContextBanks.All[0].StreamId, (uint)(imported.DmaAddress >> 32));
        var offset = new drm_qda_gem_mmap_offset { handle = prime.handle };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_QDA_GEM_MMAP_OFFSET, ref offset).Error);

        // Exporting a QDA buffer and importing it again gives the original object back.
        uint own = rig.Bo();
        var export = new drm_prime_handle { handle = own, flags = DRM_CLOEXEC };
        Assert.True(rig.File.IoctlOnce(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref export).IsSuccess);
        using var exported = new Runtime.Devices.DeviceFile(new Runtime.Devices.SafeFileDescriptor(rig.Process, export.fd));
        using Runtime.Devices.DeviceFile other = rig.Open();
        var back = new drm_prime_handle { fd = export.fd };
        Assert.True(other.IoctlOnce(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref back).IsSuccess);
        Assert.Same(Bo(rig, own), Bo(rig, back.handle, other));
    }

    [Fact]
    public void S2_close_frees_every_buffer_the_init_memory_and_the_bank()
    {
        using var rig = new QdaRig();
        SimulatedProcess shortLived = rig.Kernel.CreateProcess("short-lived");
        using (Runtime.Devices.DeviceFile file = rig.Open(shortLived))
        {
            rig.Bo(file: file);
            Assert.Equal(0, rig.CreateSession(file, process: shortLived).Error.Number);
            Assert.Single(rig.Driver.Dsp.Processes);
            Assert.Equal(1, rig.Kernel.Counts[QdaContextBanks.BanksInUse]);
        }

        Assert.Empty(rig.Driver.Dsp.Processes); // INIT_RELEASE went to the DSP
        Assert.Equal(0, rig.Kernel.Counts[Simulation.Drm.GemObject.BufferObjects]);
        Assert.Equal(0, rig.Kernel.Counts[QdaContextBanks.BanksInUse]);
    }

    internal static QdaBo Bo(QdaRig rig, uint handle, Runtime.Devices.DeviceFile? file = null) =>
        (QdaBo)FileOf(rig, file ?? rig.File).GemHandles.Get(handle)!;

    internal static Simulation.Drm.DrmFile FileOf(QdaRig rig, Runtime.Devices.DeviceFile file)
    {
        OpenFile open = rig.Process.GetFile(file.Handle.Fd)!;
        try
        {
            return (Simulation.Drm.DrmFile)open.Operations;
        }
        finally
        {
            open.Put();
        }
    }
}
