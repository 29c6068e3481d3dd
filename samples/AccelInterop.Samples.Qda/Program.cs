// A DSP offload flow on the simulated Qualcomm DSP accelerator (accel/qda), through the same
// DeviceFile calls a program would make on /dev/accel/accel0 of a real machine: query the DSP,
// start a process on it from an image in memory, allocate GEM buffers and a dma-heap buffer, map
// the heap buffer into the DSP, invoke remote methods with inline and dma-buf arguments, check
// what the DSP computed, unmap, and close with every kernel object gone.
// Bindings: the source generator emits what AccelInterop.txt selects at build time, into
// AccelInterop.Samples.Qda.Uapi (the same code `accelgen generate --select` writes).
using System.Buffers.Binary;
using System.Text;
using AccelInterop.Runtime.Devices;
using AccelInterop.Samples.Qda.Uapi.Dmabuf;
using AccelInterop.Samples.Qda.Uapi.Drm;
using AccelInterop.Samples.Qda.Uapi.Qda;
using AccelInterop.Simulation.DmaHeaps;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Qda;
using static AccelInterop.Samples.Qda.Uapi.Dmabuf.Dmabuf;
using static AccelInterop.Samples.Qda.Uapi.Drm.Drm;
using static AccelInterop.Samples.Qda.Uapi.Qda.Qda;

var kernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Threaded });
QdaDriver.CreateDevice(kernel, new QdaOptions { Domain = "cdsp" }); // /dev/accel/accel0
SystemHeap.Load(kernel);                                            // /dev/dma_heap/system
SimulatedProcess process = kernel.CreateProcess("qda-sample");
const int Length = 256;

using (DeviceFile dsp = DeviceFile.Open(process, "/dev/accel/accel0").Value)
{
    // ---- which DSP is this ----
    var query = new drm_qda_query();
    dsp.IoctlOrThrow(DRM_IOCTL_QDA_QUERY, ref query);
    ReadOnlySpan<byte> name = query.dsp_name;
    Console.WriteLine($"query: DSP domain \"{Encoding.ASCII.GetString(name[..name.IndexOf((byte)0)])}\"");

    // ---- a DSP process from an image in our memory (the kernel copies it; the DSP checks it is ELF) ----
    byte[] image = new byte[4096];
    "\u007fELF"u8.CopyTo(image);
    using (PinnedUserMemory imageMemory = process.Memory.Pin(image))
    {
        var init = new drm_qda_init_create { filelen = (uint)image.Length, filefd = -1, file = imageMemory.Address };
        Check(dsp.Ioctl(DRM_IOCTL_QDA_REMOTE_SESSION_CREATE, ref init), "REMOTE_SESSION_CREATE");
    }

    Console.WriteLine("session: DSP process started from a 4 KiB image");

    // ---- two GEM buffers, one mmapped and filled by the CPU ----
    var input = new drm_qda_gem_create { size = Length };
    dsp.IoctlOrThrow(DRM_IOCTL_QDA_GEM_CREATE, ref input);
    var scratch = new drm_qda_gem_create { size = 64 << 10 };
    dsp.IoctlOrThrow(DRM_IOCTL_QDA_GEM_CREATE, ref scratch);
    var offset = new drm_qda_gem_mmap_offset { handle = input.handle };
    dsp.IoctlOrThrow(DRM_IOCTL_QDA_GEM_MMAP_OFFSET, ref offset);
    using MappedRegion inputMap = dsp.Map(4096, (long)offset.offset).Value;
    Console.WriteLine($"gem: handles {input.handle} and {scratch.handle}, buffer {input.handle} mmapped at 0x{inputMap.Address:x}");

    // ---- a dma-heap buffer holding the vector to add, imported and mapped into the DSP ----
    using DeviceFile heap = DeviceFile.Open(process, "/dev/dma_heap/system").Value;
    var allocation = new dma_heap_allocation_data { len = 4096, fd_flags = 0x80002 };
    heap.IoctlOrThrow(DMA_HEAP_IOCTL_ALLOC, ref allocation);
    using var vector = new DeviceFile(new SafeFileDescriptor(process, (int)allocation.fd));
    using MappedRegion vectorMap = vector.Map(4096).Value;
    for (int i = 0; i < Length / 4; i++)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(vectorMap.Span[(4 * i)..], (uint)(1000 * i));
    }

    var map = new drm_qda_mem_map { request = QDA_MAP_REQUEST_ATTR, fd = vector.Handle.Fd };
    Check(dsp.Ioctl(DRM_IOCTL_QDA_REMOTE_MAP, ref map), "REMOTE_MAP");
    Console.WriteLine($"map: the heap buffer is at DSP address 0x{map.vaddrout:x}");

    // ---- invoke: vector add of an inline in-buffer and the heap buffer (by fd) into an inline out-buffer ----
    byte[] a = new byte[Length], sum = new byte[Length];
    for (int i = 0; i < Length / 4; i++)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(a.AsSpan(4 * i), (uint)i);
    }

    using PinnedUserMemory aMemory = process.Memory.Pin(a), sumMemory = process.Memory.Pin(sum);
    var descriptors = new drm_qda_fastrpc_invoke_args[]
    {
        new() { ptr = aMemory.Address, length = Length, fd = -1 },
        new() { ptr = (ulong)vectorMap.Address, length = Length, fd = vector.Handle.Fd },
        new() { ptr = sumMemory.Address, length = Length, fd = -1 },
    };
    Invoke(dsp, process, DspMethods.VectorAdd, FastRpcScalars.Build(DspMethods.VectorAdd, 2, 1), descriptors);
    for (int i = 0; i < Length / 4; i++)
    {
        uint expected = (uint)(1001 * i);
        if (BinaryPrimitives.ReadUInt32LittleEndian(sum.AsSpan(4 * i)) != expected)
        {
            throw new InvalidOperationException($"vector add: element {i} is not {expected}");
        }
    }

    Console.WriteLine($"invoke: vector add of {Length / 4} elements checked");

    // ---- invoke: checksum of the mmapped GEM buffer's bytes, passed inline ----
    Encoding.ASCII.GetBytes("offloaded to the DSP", inputMap.Span);
    byte[] copy = inputMap.Span[..Length].ToArray(), hash = new byte[4];
    using (PinnedUserMemory copyMemory = process.Memory.Pin(copy), hashMemory = process.Memory.Pin(hash))
    {
        descriptors = [new() { ptr = copyMemory.Address, length = Length, fd = -1 }, new() { ptr = hashMemory.Address, length = 4, fd = -1 }];
        Invoke(dsp, process, DspMethods.Checksum, FastRpcScalars.Build(DspMethods.Checksum, 1, 1), descriptors);
    }

    if (BinaryPrimitives.ReadUInt32LittleEndian(hash) != DspMethods.Fnv1a(copy))
    {
        throw new InvalidOperationException("checksum: the DSP's answer differs");
    }

    Console.WriteLine($"invoke: checksum 0x{BinaryPrimitives.ReadUInt32LittleEndian(hash):x8} checked");

    // ---- unmap (ATTR: by fd and DSP address) ----
    var unmap = new drm_qda_mem_unmap { request = QDA_MUNMAP_REQUEST_ATTR, fd = vector.Handle.Fd, vaddr = map.vaddrout, size = 4096 };
    Check(dsp.Ioctl(DRM_IOCTL_QDA_REMOTE_MUNMAP, ref unmap), "REMOTE_MUNMAP");
    Console.WriteLine("unmap: done");
}

process.Exit();
// The DSP's thread drops its last context references just after it answers, as fastrpc's callback
// leaves the put to a work item: the counts reach zero shortly after the close, not at it.
bool allZero = SpinWait.SpinUntil(() => kernel.Counts.AllZero, TimeSpan.FromSeconds(10));
Console.WriteLine($"close: every count zero: {allZero}");
kernel.Shutdown();
return allZero ? 0 : 1;

// The DSP's own status comes back as the ioctl's (positive) return value.
static void Check(AccelInterop.Runtime.Errors.SysResult result, string what)
{
    result.ThrowIfError(what);
    if (result.Value != 0)
    {
        throw new InvalidOperationException($"{what}: the DSP answered 0x{result.Value:x}");
    }
}

static void Invoke(DeviceFile dsp, SimulatedProcess process, uint method, FastRpcScalars sc, drm_qda_fastrpc_invoke_args[] args)
{
    using PinnedUserMemory argsMemory = process.Memory.Pin(args);
    var invoke = new drm_qda_invoke_args { handle = DspMethods.Handle, sc = sc.Value, args = argsMemory.Address };
    Check(dsp.Ioctl(DRM_IOCTL_QDA_REMOTE_INVOKE, ref invoke), $"REMOTE_INVOKE method {method}");
}
