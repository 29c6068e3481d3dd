using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Qda;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Qda.Qda;

namespace AccelInterop.Simulation.Qda;

// REMOTE_SESSION_CREATE, REMOTE_MAP, REMOTE_MUNMAP, REMOTE_INVOKE (qda.md §3; qda_ioctl.c, qda_fastrpc.c).
public sealed partial class QdaDriver
{
    private const int TaskCommLength = 16;
    private const int PhysicalPageSize = 16;

    // qda_ioctl_init_create -> fastrpc_invoke(INIT_CREATE): the init memory is replaced first, then
    // fastrpc_prepare_args_init_create checks the image.
    private int SessionCreate(QdaFile file, SimulatedProcess caller, ref drm_qda_init_create init)
    {
        QdaBo? initMemory;
        lock (file.Lock)
        {
            file.InitMemory?.Put();
            file.InitMemory = null;
            int r = CreateBuffer(file, FastRpcMethod.InitFileLengthMax, out initMemory);
            if (r < 0)
            {
                return r;
            }

            file.InitMemory = initMemory;
        }

        if (init.filelen > FastRpcMethod.InitFileLengthMax)
        {
            return -EINVAL;
        }

        // An image given by fd must import; whatever the import said, the answer is -EINVAL.
        if (init.filelen != 0 && init.filefd > 0)
        {
            if (ImportFd(file, caller, init.filefd, out GemObject? image) < 0)
            {
                return -EINVAL;
            }

            image!.Put();
        }

        // current->comm: at most 15 characters and the NUL.
        string comm = caller.Name.Length >= TaskCommLength ? caller.Name[..(TaskCommLength - 1)] : caller.Name;
        byte[] name = new byte[Encoding.ASCII.GetByteCount(comm) + 1];
        Encoding.ASCII.GetBytes(comm, name);

        // struct fastrpc_create_process_inbuf: session, namelen, filelen, pageslen, attrs, siglen.
        byte[] inbuf = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(inbuf, file.SessionId);
        BinaryPrimitives.WriteUInt32LittleEndian(inbuf.AsSpan(4), (uint)name.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(inbuf.AsSpan(8), init.filelen);
        BinaryPrimitives.WriteUInt32LittleEndian(inbuf.AsSpan(12), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(inbuf.AsSpan(16), init.attrs);
        BinaryPrimitives.WriteUInt32LittleEndian(inbuf.AsSpan(20), init.siglen);
        byte[] pages = PageDescriptor(initMemory!.DmaAddress, initMemory.Size);

        var arguments = new FastRpcArgument[]
        {
            FastRpcArgument.Kernel(inbuf, FastRpcRequest.KernelPointer(0)),
            FastRpcArgument.Kernel(name, FastRpcRequest.KernelPointer(1)),
            new() { Pointer = init.file, Length = init.filelen, Fd = init.filefd }, // the image: user memory, or the dma-buf by fd
            FastRpcArgument.Kernel(pages, FastRpcRequest.KernelPointer(3)),
        };
        uint method = init.attrs != 0 ? FastRpcMethod.InitCreateAttr : FastRpcMethod.InitCreate;
        var request = new FastRpcRequest(FastRpcMethod.InitHandle, FastRpcScalars.Build(method, 4, 0), arguments, FastRpcMethod.UserPd);
        return Invoke(FastRpcMethod.InitCreate, file, caller, caller.Pid, request);
    }

    // fastrpc_prepare_args_release_process: the session id, one in-buffer, to the process-control handle.
    private static FastRpcRequest ReleaseArguments(QdaFile file)
    {
        byte[] session = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(session, file.SessionId);
        return FastRpcRequest.Control(FastRpcMethod.InitRelease, 0, session);
    }

    // qda_ioctl_mmap: LEGACY (INIT_MMAP) or ATTR (INIT_MEM_MAP); the DSP's address comes back in vaddrout.
    private int RemoteMap(QdaFile file, SimulatedProcess caller, ref drm_qda_mem_map map)
    {
        if (map.pad != 0)
        {
            return -EINVAL;
        }

        uint kind;
        byte[] request;
        switch (map.request)
        {
            case QDA_MAP_REQUEST_LEGACY:
                // struct fastrpc_map_req_msg: {s32 pgid, u32 flags, u64 vaddr, s32 num} (24 bytes).
                kind = FastRpcMethod.InitMmap;
                request = new byte[24];
                BinaryPrimitives.WriteUInt32LittleEndian(request, file.SessionId);
                BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(4), map.flags);
                BinaryPrimitives.WriteUInt64LittleEndian(request.AsSpan(8), map.vaddrin);
                BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(16), PhysicalPageSize);
                break;
            case QDA_MAP_REQUEST_ATTR:
                // struct fastrpc_mem_map_req_msg: {s32 pgid, s32 fd, s32 offset, u32 flags, u64 vaddrin, s32 num, s32 data_len} (32 bytes).
                kind = FastRpcMethod.InitMemMap;
                request = new byte[32];
                BinaryPrimitives.WriteUInt32LittleEndian(request, file.SessionId);
                BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(4), map.fd);
                BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(8), map.offset);
                BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(12), map.flags);
                BinaryPrimitives.WriteUInt64LittleEndian(request.AsSpan(16), map.vaddrin);
                BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(24), PhysicalPageSize);
                break;
            default:
                return -EINVAL;
        }

        int r = MmapPages(file, caller, map.fd, out byte[] pages);
        if (r < 0)
        {
            return r;
        }

        byte[] response = new byte[8];
        FastRpcRequest call = kind == FastRpcMethod.InitMmap
            ? FastRpcRequest.Control(kind, 1, request, pages, response)
            : FastRpcRequest.Control(kind, 1, request, pages, [], response);
        r = Invoke(kind, file, caller, caller.Pid, call);
        if (r != 0)
        {
            return r;
        }

        map.vaddrout = BinaryPrimitives.ReadUInt64LittleEndian(response);
        return 0;
    }

    // setup_mmap_pages: fd <= 0 is an empty descriptor; otherwise the import's DSP address and size
    // (the import's handle keeps the object, the lookup reference is dropped).
    private static int MmapPages(QdaFile file, SimulatedProcess caller, int fd, out byte[] pages)
    {
        pages = new byte[PhysicalPageSize];
        if (fd <= 0)
        {
            return 0;
        }

        int r = ImportFd(file, caller, fd, out GemObject? gem);
        if (r < 0)
        {
            return r;
        }

        var bo = (QdaBo)gem!;
        pages = PageDescriptor(bo.DmaAddress, bo.Size);
        bo.Put();
        return 0;
    }

    // qda_ioctl_munmap: LEGACY (INIT_MUNMAP {pgid, vaddr = vaddrout, size}) or ATTR (INIT_MEM_UNMAP {pgid, fd, vaddrin = vaddr, len = size}).
    private int RemoteMunmap(QdaFile file, SimulatedProcess caller, ref drm_qda_mem_unmap unmap)
    {
        byte[] request = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(request, file.SessionId);
        BinaryPrimitives.WriteUInt64LittleEndian(request.AsSpan(16), unmap.size);
        uint kind;
        switch (unmap.request)
        {
            case QDA_MUNMAP_REQUEST_LEGACY:
                kind = FastRpcMethod.InitMunmap;
                BinaryPrimitives.WriteUInt64LittleEndian(request.AsSpan(8), unmap.vaddrout);
                break;
            case QDA_MUNMAP_REQUEST_ATTR:
                kind = FastRpcMethod.InitMemUnmap;
                BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(4), unmap.fd);
                BinaryPrimitives.WriteUInt64LittleEndian(request.AsSpan(8), unmap.vaddr);
                break;
            default:
                return -EINVAL;
        }

        return Invoke(kind, file, caller, caller.Pid, FastRpcRequest.Control(kind, 0, request));
    }

    // qda_ioctl_invoke -> fastrpc_prepare_args_invoke: REMOTE_SCALARS_LENGTH(sc) descriptors from args
    // (none is fine); the handle is not checked here, the DSP decides.
    private int RemoteInvoke(QdaFile file, SimulatedProcess caller, ref drm_qda_invoke_args invoke)
    {
        var sc = new FastRpcScalars(invoke.sc);
        var arguments = new FastRpcArgument[sc.Length];
        if (arguments.Length > 0)
        {
            var user = new drm_qda_fastrpc_invoke_args[arguments.Length];
            if (caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(user.AsSpan()), invoke.args) < 0)
            {
                return -EFAULT;
            }

            for (int i = 0; i < user.Length; i++)
            {
                arguments[i] = new FastRpcArgument { Pointer = user[i].ptr, Length = user[i].length, Fd = user[i].fd, Attributes = user[i].attr };
            }
        }

        return Invoke(FastRpcMethod.InvokeDynamic, file, caller, caller.Pid, new FastRpcRequest(invoke.handle, sc, arguments));
    }

    // struct fastrpc_phy_page: {u64 addr, u64 size}.
    private static byte[] PageDescriptor(ulong address, ulong size)
    {
        byte[] page = new byte[PhysicalPageSize];
        BinaryPrimitives.WriteUInt64LittleEndian(page, address);
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(8), size);
        return page;
    }
}
