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
}
