using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Mem;

namespace AccelInterop.Storm.Tests;

/// <summary>Runs one storm call as a system call of the slot's current process, and counts its outcome.</summary>
internal static unsafe class StormCaller
{
    private static readonly nuint[] MapLengths = [4096, 8192, 16384, 65536, 1 << 20, 0, 4095, unchecked((nuint)(-4096L)), unchecked((nuint)ulong.MaxValue)];

    /// <summary>Runs <paramref name="call"/>; the label and errno go to <paramref name="stats"/>, and the label is returned.</summary>
    public static string Run(StormWorld world, StormCall call, StormStats stats)
    {
        StormProcess p = world[call.Process];
        var random = new Random(call.Salt);
        (string label, Errno error) = call.Op switch
        {
            StormOp.Ioctl => Ioctl(world, p, call, random),
            StormOp.Open => Open(world, p, call),
            StormOp.Close => Close(p, p.PickFd(call.Target).Fd),
            StormOp.Dup => Dup(p, call),
            StormOp.SendFd => SendFd(world, p, call),
            StormOp.Mmap => Mmap(p, call, random),
            StormOp.Munmap => Munmap(p, call),
            StormOp.WriteMapping => WriteMapping(p, call),
            StormOp.EventFd => Fd("eventfd", p, '\0', p.Process.EventFd((uint)call.Value, EventFdFlags.CloseOnExec)),
            StormOp.Memfd => Memfd(p, call),
            StormOp.Exit => Exit(world, call),
            _ => throw new InvalidOperationException(call.Op.ToString()),
        };
        stats.Count(label, error);
        return label;
    }

    private static (string, Errno) Ioctl(StormWorld world, StormProcess p, StormCall call, Random random)
    {
        (int fd, char type) = p.PickFd(call.Target);
        // Mostly a request of the file's own type, so that calls get past the ENOTTY of a wrong driver.
        IReadOnlyList<StormRequest> requests = type != '\0' && random.Next(10) < 8 ? StormRequest.OfType(type, random) : StormRequest.All;
        StormRequest request = requests[(int)(call.Choice % (uint)requests.Count)];
        ulong command = request.Command;
        string label = request.Name;
        switch (random.Next(20))
        {
            case 0: command = (command & ~0xC000_0000UL) | ((ulong)random.Next(4) << 30); label = "bent direction"; break; // _IOC_DIRSHIFT 30
            case 1: command = (command & ~0x3FFF_0000UL) | ((ulong)random.Next(1 << 14) << 16); label = "bent size"; break; // _IOC_SIZESHIFT 16
            case 2: command = (uint)random.Next() | ((ulong)random.Next(2) << 32); label = "random number"; break;
        }

        // Each thread builds its argument in its own half of the registered memory; now and then it runs off the end.
        int half = StormProcess.ArenaSize / 2;
        int size = request.Size == 0 ? 128 : request.Size; // _IO requests: room for an argsz header and what follows
        int offset = call.Thread * half + random.Next((half - size - 8) / 8) * 8;
        if (call.Thread == 1 && random.Next(16) == 0)
        {
            offset = StormProcess.ArenaSize - size / 2;
        }

        Span<byte> argument = p.Arena.Slice(Math.Min(offset, StormProcess.ArenaSize - 8), Math.Min(size, StormProcess.ArenaSize - offset));
        StormArguments.Fill(argument, request, p, random, world.Kernel.MonotonicNanoseconds);
        void* address = (void*)(nint)(p.Base + (ulong)offset);
        SysResult r = p.Process.Ioctl(fd, command, address);
        if (r.IsSuccess && command == request.Command)
        {
            StormArguments.Harvest(argument, request, p);
        }

        if (r.IsSuccess && r.Value > 0)
        {
            p.Remember((ulong)r.Value);
        }

        return (label, r.Error);
    }

    private static (string, Errno) Open(StormWorld world, StormProcess p, StormCall call)
    {
        string path = world.DeviceNodes[call.Target % (uint)world.DeviceNodes.Length];
        OpenFlags flags = (call.Choice & 1) == 0 ? OpenFlags.ReadWrite : OpenFlags.ReadOnly;
        return Fd("open", p, StormDevices.TypeOf(path) ?? '\0', p.Process.Open(path, flags));
    }

    private static (string, Errno) Dup(StormProcess p, StormCall call)
    {
        (int fd, char type) = p.PickFd(call.Target);
        return Fd("dup", p, type, p.Process.Dup(fd));
    }

    private static (string, Errno) Fd(string label, StormProcess p, char type, SysResult r)
    {
        if (r.IsSuccess)
        {
            lock (p.Lock)
            {
                p.Fds.Add((r.Value, type));
            }
        }

        return (label, r.Error);
    }

    private static (string, Errno) Close(StormProcess p, int fd)
    {
        SysResult r = p.Process.Close(fd);
        lock (p.Lock)
        {
            p.Fds.RemoveAll(f => f.Fd == fd);
        }

        return ("close", r.Error);
    }

    private static (string, Errno) SendFd(StormWorld world, StormProcess p, StormCall call)
    {
        StormProcess receiver = world[(int)(call.Choice % StormProgram.Processes)];
        (int fd, char type) = p.PickFd(call.Target);
        return Fd("send fd", receiver, type, p.Process.SendFileDescriptor(fd, receiver.Process));
    }

    private static (string, Errno) Mmap(StormProcess p, StormCall call, Random random)
    {
        nuint length = random.Next(8) == 0 ? (nuint)call.Value : MapLengths[call.Choice % (uint)MapLengths.Length];
        long offset = (call.Choice >> 8 & 7) switch
        {
            < 5 => (long)p.Offset(call.Target >> 8),
            5 => 0,
            6 => (long)(call.Value & ~0xFFFUL),
            _ => (long)call.Value,
        };
        MapFlags flags = random.Next(10) == 0 ? MapFlags.Private : MapFlags.Shared;
        SysResult<nint> r = p.Process.Mmap(0, length, MemoryProtection.ReadWrite, flags, p.PickFd(call.Target).Fd, offset);
        if (r.IsSuccess)
        {
            lock (p.Lock)
            {
                p.Mappings.Add((r.Value, length));
            }
        }

        return ("mmap", r.Error);
    }

    private static (string, Errno) Munmap(StormProcess p, StormCall call)
    {
        lock (p.Lock)
        {
            if (p.Mappings.Count == 0)
            {
                return ("munmap", p.Process.Munmap((nint)(call.Value & ~0xFFFUL), 4096).Error);
            }

            int index = (int)(call.Target % (uint)p.Mappings.Count);
            (nint address, nuint length) = p.Mappings[index];
            SysResult r = p.Process.Munmap(address, (call.Choice & 7) == 0 ? 4096 : length);
            if (r.IsSuccess)
            {
                p.Mappings.RemoveAt(index);
            }

            return ("munmap", r.Error);
        }
    }

    /// <summary>A store into the first 16 KiB of a live mapping: doorbells, queue indices, command words.</summary>
    private static (string, Errno) WriteMapping(StormProcess p, StormCall call)
    {
        lock (p.Lock)
        {
            if (p.Mappings.Count == 0)
            {
                return ("store", Errno.EFAULT);
            }

            (nint address, nuint length) = p.Mappings[(int)(call.Target % (uint)p.Mappings.Count)];
            ulong room = Math.Min((ulong)length, 16384);
            if (room < 8)
            {
                return ("store", Errno.EFAULT);
            }

            ulong at = (call.Choice % (room / 8)) * 8;
            if ((call.Choice & 0x8000_0000) != 0)
            {
                *(ulong*)(address + (nint)at) = call.Value;
            }
            else
            {
                *(uint*)(address + (nint)at) = (uint)call.Value;
            }

            return ("store", Errno.None);
        }
    }

    private static (string, Errno) Memfd(StormProcess p, StormCall call)
    {
        SysResult r = p.Process.MemfdCreate("storm", (call.Choice & 1) != 0 ? MemfdFlags.AllowSealing : MemfdFlags.None);
        if (!r.IsSuccess)
        {
            return ("memfd", r.Error);
        }

        lock (p.Lock)
        {
            p.Fds.Add((r.Value, '\0'));
        }

        ulong length = (call.Choice >> 1 & 3) == 0 ? call.Value : (call.Value & 0xF) * 4096;
        return ("ftruncate", p.Process.Truncate(r.Value, length).Error);
    }

    private static (string, Errno) Exit(StormWorld world, StormCall call)
    {
        world.Exit(call.Process);
        return ("exit", Errno.None);
    }
}
