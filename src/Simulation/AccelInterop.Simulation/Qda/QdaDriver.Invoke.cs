using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Qda;

// fastrpc_invoke (qda_ioctl.c) and the payload it sends (qda_fastrpc.c): every request kind goes
// through it — context, payload buffer, pack, send, wait, unpack.
public sealed partial class QdaDriver
{
    /// <summary>
    /// One round trip to the DSP: a context under a device-wide id, a payload buffer sized for the
    /// arguments, the arguments packed (inline copies, imported dma-bufs), the message sent, the
    /// wait for the answer (no timeout; a signal ends it with -ERESTARTSYS), the inline
    /// out-buffers copied back, and the DSP's retval returned as it came.
    /// </summary>
    private int Invoke(uint type, QdaFile file, SimulatedProcess? caller, int pid, in FastRpcRequest request)
    {
        // qda_fastrpc_context_alloc.
        if (Device.Kernel.Faults.ShouldFail(FaultPoint.AllocationFailure))
        {
            return -ENOMEM;
        }

        var context = new FastRpcContext(_contextCounter, type, file, pid)
        {
            Handle = request.Handle,
            Scalars = request.Scalars,
            Arguments = request.Arguments,
            Pd = request.Pd,
            Imported = new GemObject?[request.Scalars.Length],
            InlineOffsets = new ulong[request.Scalars.Length],
        };
        context.Id = AddContext(context);
        try
        {
            int r = Pack(context, caller);
            if (r < 0)
            {
                return r;
            }

            r = Send(context, file);
            if (r < 0)
            {
                return r;
            }

            r = Wait(context);
            if (r < 0)
            {
                return r;
            }

            r = Unpack(context, caller);
            return r < 0 ? r : context.Result;
        }
        finally
        {
            RemoveContext(context);
            context.Put();
        }
    }

    // qda_fastrpc_get_header_size, the payload buffer, fastrpc_get_args.
    private int Pack(FastRpcContext context, SimulatedProcess? caller)
    {
        FastRpcScalars sc = context.Scalars;
        int count = sc.Length;
        ReadOnlySpan<FastRpcArgument> arguments = context.Arguments;
        FastRpcOverlap[] overlaps = FastRpcOverlap.Compute(arguments, sc.Buffers);
        ulong meta = FastRpcLayout.MetaSize(count);

        // Only buffers with fd 0 or -1 get room; any other fd <= 0 is still copied below (and runs out of room).
        ulong size = FastRpcLayout.AlignUp(meta, FastRpcLayout.Alignment);
        foreach (FastRpcOverlap o in overlaps)
        {
            int fd = arguments[o.Index].Fd;
            if (fd is 0 or -1)
            {
                if (o.Offset == 0)
                {
                    size = FastRpcLayout.AlignUp(size, FastRpcLayout.Alignment);
                }

                size = unchecked(size + (o.MEnd - o.MStart));
            }
        }

        ulong aligned = FastRpcLayout.AlignUp(size, Page.Size);
        if (aligned == 0)
        {
            return -EINVAL;
        }

        int r = CreateBuffer(context.File, aligned, out QdaBo? payloadBo);
        if (r < 0)
        {
            return r;
        }

        context.Payload = payloadBo;
        Span<byte> payload = payloadBo!.Bytes;
        ulong at = meta, room = unchecked(size - meta);
        foreach (FastRpcOverlap o in overlaps)
        {
            int i = o.Index;
            FastRpcArgument argument = arguments[i];
            FastRpcLayout.WriteBuffer(payload, i, 0, argument.Length);
            FastRpcLayout.WriteInvokeBuffer(payload, count, i, argument.Length != 0 ? 1u : 0u);
            if (argument.Length == 0)
            {
                continue;
            }

            r = argument.Fd > 0
                ? PackDmaBuf(context, caller, i, payload)
                : PackInline(context, caller, o, payload, size, ref at, ref room);
            if (r < 0)
            {
                return r;
            }
        }

        for (int i = sc.Buffers; i < count; i++)
        {
            FastRpcArgument argument = arguments[i];
            FastRpcLayout.WriteInvokeBuffer(payload, count, i, argument.Length != 0 ? 1u : 0u);
            if (argument.Fd <= 0)
            {
                FastRpcLayout.WriteBuffer(payload, i, argument.Pointer, argument.Length);
                continue;
            }

            // process_dma_handle: imported for the page, the fd itself forwarded to the DSP.
            r = ImportArgument(context, caller, i, out QdaBo? bo);
            if (r < 0)
            {
                return r;
            }

            FastRpcLayout.WritePage(payload, count, i, bo!.DmaAddress, bo.Size);
            FastRpcLayout.WriteDmaHandle(payload, i, argument.Fd, unchecked((uint)argument.Length), argument.Pointer);
        }

        return 0;
    }

    // process_fd_buffer: the DSP gets the buffer's DSP address plus the page offset of ptr inside the caller's mapping.
    private int PackDmaBuf(FastRpcContext context, SimulatedProcess? caller, int i, Span<byte> payload)
    {
        int r = ImportArgument(context, caller, i, out QdaBo? bo);
        if (r < 0)
        {
            return r;
        }

        FastRpcArgument argument = context.Arguments[i];
        ulong vmaOffset = caller?.VmaOffset(argument.Pointer) ?? 0;
        FastRpcLayout.WriteBuffer(payload, i, argument.Pointer, argument.Length);
        FastRpcLayout.WritePage(payload, context.Scalars.Length, i, unchecked(bo!.DmaAddress + vmaOffset),
            FastRpcLayout.PageAlignedSize(argument.Pointer, argument.Length));
        return 0;
    }

    // process_direct_buffer: a 128-byte aligned place in the payload (unless it continues an overlapped
    // buffer), -ENOSPC without room; an in-buffer is copied there now.
    private int PackInline(FastRpcContext context, SimulatedProcess? caller, FastRpcOverlap o, Span<byte> payload, ulong size, ref ulong at, ref ulong room)
    {
        int i = o.Index;
        FastRpcArgument argument = context.Arguments[i];
        unchecked
        {
            if (o.Offset == 0)
            {
                ulong alignedAt = FastRpcLayout.AlignUp(at, FastRpcLayout.Alignment);
                room -= alignedAt - at;
                at = alignedAt;
            }

            int length = (int)(o.MEnd - o.MStart);
            if (room < (ulong)(long)length)
            {
                return -ENOSPC;
            }

            ulong pv = at - o.Offset;

            // The kernel trusts the arithmetic above; its room can wrap (a buffer with fd < -1 got
            // none), and the copy would then run past the payload. The simulation refuses instead.
            if (pv > (ulong)payload.Length || argument.Length > (ulong)payload.Length - pv)
            {
                return -ENOSPC;
            }

            QdaBo bo = context.Payload!;
            context.InlineOffsets[i] = pv;
            FastRpcLayout.WriteBuffer(payload, i, (ulong)bo.Memory + pv, argument.Length);
            FastRpcLayout.WritePage(payload, context.Scalars.Length, i, (bo.DmaAddress - o.Offset + (size - room)) & ~(Page.Size - 1),
                FastRpcLayout.PageAlignedSize((ulong)bo.Memory + pv, argument.Length));
            at += (ulong)(long)length;
            room -= (ulong)(long)length;
        }

        if (i >= context.Scalars.InBuffers)
        {
            return 0;
        }

        Span<byte> to = payload.Slice((int)context.InlineOffsets[i], (int)argument.Length);
        if (argument.KernelData is byte[] data)
        {
            data.CopyTo(to);
            return 0;
        }

        return caller is null ? -EFAULT : caller.Memory.CopyFromUser(to, argument.Pointer);
    }

    // get_gem_obj_from_dmabuf_fd: PRIME import into the file (the handle stays), held by the context.
    private int ImportArgument(FastRpcContext context, SimulatedProcess? caller, int i, out QdaBo? bo)
    {
        bo = null;
        if (caller is null)
        {
            return -EBADF;
        }

        int r = ImportFd(context.File, caller, context.Arguments[i].Fd, out GemObject? gem);
        if (r < 0)
        {
            return r;
        }

        context.Imported[i] = gem;
        bo = (QdaBo)gem!;
        return 0;
    }

    /// <summary>qda_prime_fd_to_handle, then drm_gem_object_lookup: the object with a reference.</summary>
    private static int ImportFd(QdaFile file, SimulatedProcess caller, int fd, out GemObject? gem)
    {
        gem = null;
        int r = DrmCore.PrimeFdToHandle(file.File, caller, fd, out uint handle);
        if (r < 0)
        {
            return r;
        }

        gem = file.File.LookupObject(handle);
        return gem is null ? -ENOENT : 0;
    }

    // qda_rpmsg_send_msg: -ENODEV while the DSP is down, a transport failure's errno.
    private int Send(FastRpcContext context, QdaFile file)
    {
        if (Device.Kernel.Faults.ShouldFail(SendFailure))
        {
            return -EIO;
        }

        uint session = context.Handle == FastRpcMethod.InitHandle ? 0 : file.SessionId;
        QdaBo payload = context.Payload!;
        var message = new QdaMessage(context, session, context.Pid, context.Handle, context.Scalars, payload.DmaAddress, payload.Size);
        int r = Transport.Send(message);
        if (r == 0)
        {
            _host?.Ring();
        }

        return r;
    }

    // qda_rpmsg_wait_for_rsp: wait_for_completion_interruptible, no timeout.
    private int Wait(FastRpcContext context)
    {
        if (Device.Kernel.Faults.ShouldFail(SignalDuringWait))
        {
            return -KernelReturn.ERESTARTSYS;
        }

        var answered = new Answered(context, Device);
        int r = Device.Kernel.WaitUntil(ref answered, long.MaxValue);
        if (r < 0)
        {
            return r;
        }

        return context.IsCompleted ? 0 : -ENODEV; // the kernel shut down or the device went away
    }

    // fastrpc_put_args: inline out-buffers back to the caller (or to the kernel's own buffer).
    private static int Unpack(FastRpcContext context, SimulatedProcess? caller)
    {
        FastRpcScalars sc = context.Scalars;
        ReadOnlySpan<byte> payload = context.Payload!.Bytes;
        for (int i = sc.InBuffers; i < sc.Buffers; i++)
        {
            FastRpcArgument argument = context.Arguments[i];
            if (argument.Fd > 0 || argument.Length == 0)
            {
                continue;
            }

            ReadOnlySpan<byte> from = payload.Slice((int)context.InlineOffsets[i], (int)argument.Length);
            if (argument.KernelData is byte[] data)
            {
                from.CopyTo(data);
            }
            else if (caller is null || caller.Memory.CopyToUser(argument.Pointer, from) < 0)
            {
                return -EFAULT;
            }
        }

        return 0;
    }

    private readonly struct Answered(FastRpcContext context, DrmDevice device) : IWaitCondition
    {
        public bool IsSatisfied() => context.IsCompleted || device.IsUnplugged || device.Kernel.IsShutDown;
    }
}
