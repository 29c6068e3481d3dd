using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Qda;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Qda.Qda;

namespace AccelInterop.Simulation.Qda;

// GEM_CREATE, GEM_MMAP_OFFSET and PRIME import (qda.md §3; qda_gem.c, qda_prime.c).
public sealed partial class QdaDriver
{
    // qda_ioctl_gem_create.
    private int GemCreate(QdaFile file, SimulatedProcess caller, ref drm_qda_gem_create args)
    {
        if (args.pad != 0)
        {
            return -EINVAL;
        }

        int r = CreateBuffer(file, args.size, out QdaBo? bo);
        if (r < 0)
        {
            return r;
        }

        // The handle owns the object: the creation reference is dropped.
        args.handle = file.File.CreateHandle(bo!);
        bo!.Put();
        return 0;
    }

    /// <summary>
    /// qda_gem_create_object: no context banks -ENODEV, size 0 -EINVAL, page-rounded, the file's
    /// context bank (assigned on first use, -ENOMEM when none is free), then the DMA allocation
    /// (-ENOMEM) mapped into the bank (-ENOMEM when its address space is full).
    /// </summary>
    internal int CreateBuffer(QdaFile file, ulong size, out QdaBo? bo)
    {
        bo = null;
        if (Options.ContextBanks == 0)
        {
            return -ENODEV;
        }

        if (size == 0)
        {
            return -EINVAL;
        }

        int r = ContextBanks.Assign(file, out QdaContextBank? bank);
        if (r < 0)
        {
            return r;
        }

        if (size > Options.MaxBufferSize || Device.Kernel.Faults.ShouldFail(FaultPoint.AllocationFailure))
        {
            return -ENOMEM;
        }

        var made = new QdaBo(Device, size);
        r = made.MapInto(bank!);
        if (r == 0)
        {
            r = made.CreateMmapOffset();
        }

        if (r < 0)
        {
            made.Put();
            return r;
        }

        bo = made;
        return 0;
    }

    // qda_ioctl_gem_mmap_offset -> drm_gem_dumb_map_offset: an imported object has no offset to give.
    private int GemMmapOffset(QdaFile file, SimulatedProcess caller, ref drm_qda_gem_mmap_offset args)
    {
        if (args.pad != 0)
        {
            return -EINVAL;
        }

        int r = DrmDumbBuffers.GemMapOffset(file.File, args.handle, out ulong offset);
        if (r == 0)
        {
            args.offset = offset;
        }

        return r;
    }

    /// <summary>
    /// qda_prime_fd_to_handle for a foreign dma-buf: the importing file's context bank (assigned now
    /// if it has none), the attachment mapped, and a buffer whose DSP address is the mapping's first
    /// segment in that bank.
    /// </summary>
    public override int ImportForeign(DrmFile file, DmaBuf buffer, out GemObject? imported)
    {
        imported = null;
        QdaFile state = FileState(file);
        int r = ContextBanks.Assign(state, out QdaContextBank? bank);
        if (r < 0)
        {
            return r;
        }

        r = base.ImportForeign(file, buffer, out GemObject? made);
        if (r < 0)
        {
            return r;
        }

        r = ((QdaBo)made!).MapInto(bank!);
        if (r < 0)
        {
            made!.Put();
            return r;
        }

        imported = made;
        return 0;
    }

    protected override GemObject CreateImported(DrmFile file, DmaBuf buffer) => new QdaBo(file.Device, buffer.Size, backing: false);
}
