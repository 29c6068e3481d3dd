using System.Runtime.InteropServices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>User pointers are followed only into registered memory; anything else is EFAULT (issue 4, DESIGN.md).</summary>
public sealed unsafe class UserMemoryTests
{
    [Fact]
    public void Copies_inside_a_registration_work_and_anything_else_faults()
    {
        var memory = new UserMemory();
        byte[] pinned = GC.AllocateArray<byte>(64, pinned: true);
        ulong address = (ulong)Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0);
        Span<byte> scratch = stackalloc byte[16];

        Assert.Equal(Errno.EFAULT.ToKernelReturn(), memory.CopyFromUser(scratch, address));

        using (memory.Register((void*)address, 64))
        {
            Assert.Equal(0, memory.CopyToUser(address + 48, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]));
            Assert.Equal(0, memory.CopyFromUser(scratch, address + 48));
            Assert.Equal(16, scratch[15]);
            Assert.Equal(16, pinned[63]);

            Assert.Equal(Errno.EFAULT.ToKernelReturn(), memory.CopyFromUser(scratch, address + 49)); // runs past the end
            Assert.Equal(Errno.EFAULT.ToKernelReturn(), memory.CopyFromUser(scratch, address - 1));  // starts before
            Assert.Equal(Errno.EFAULT.ToKernelReturn(), memory.CopyFromUser(scratch, 0));            // NULL
            Assert.Equal(0, memory.CopyFromUser([], 0));                                              // nothing to copy
            Assert.Equal(1, memory.RegistrationCount);
        }

        Assert.Equal(0, memory.RegistrationCount);
        Assert.Equal(Errno.EFAULT.ToKernelReturn(), memory.CopyFromUser(scratch, address));
    }

    [Fact]
    public void Pinning_an_array_or_a_slice_registers_it_for_a_scope()
    {
        var memory = new UserMemory();
        uint[] handles = [1, 2, 3, 4];
        Span<byte> scratch = stackalloc byte[4];

        using (PinnedUserMemory pinned = memory.Pin(handles))
        {
            Assert.Equal((nuint)16, pinned.Length);
            Assert.Equal(0, memory.CopyFromUser(scratch, pinned.Address + 12));
            Assert.Equal(4u, BitConverter.ToUInt32(scratch));
            Assert.Equal(0, memory.CopyToUser(pinned.Address, [9, 0, 0, 0]));
            Assert.Equal(9u, handles[0]);
        }

        using (PinnedUserMemory slice = memory.Pin(handles.AsMemory(2, 1)))
        {
            Assert.Equal(0, memory.CopyFromUser(scratch, slice.Address));
            Assert.Equal(3u, BitConverter.ToUInt32(scratch));
            Assert.Equal(Errno.EFAULT.ToKernelReturn(), memory.CopyFromUser(scratch, slice.Address + 4)); // past the slice
        }

        Assert.Equal(0, memory.RegistrationCount);
        Span<ulong> onStack = [5, 6];
        using (memory.Register(onStack))
        {
            Assert.Equal(1, memory.RegistrationCount);
        }

        Assert.Throws<ArgumentException>(() => memory.Pin(Array.Empty<byte>()));
    }
}
