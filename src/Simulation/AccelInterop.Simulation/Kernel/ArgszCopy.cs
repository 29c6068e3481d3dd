using System.Runtime.InteropServices;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// <see cref="IoctlCopyPolicy.Argsz"/>, in a VFIO handler's order: <c>copy_from_user(&amp;s, arg, minsz)</c>
/// (-EFAULT), <c>argsz &lt; minsz</c> (-EINVAL), for extensible structs <c>copy_struct_from_user</c>
/// (-E2BIG, -EFAULT), then the handler, then the struct back after success (<see cref="ArgszRule"/>).
/// Commands of the table that take the argument word itself go straight to their handler.
/// </summary>
internal static class ArgszCopy
{
    public static int Run<TFlags, TGate>(IoctlEntry<TFlags> entry, object file, SimulatedProcess caller,
        ulong argument, Span<byte> data, TGate gate)
        where TFlags : unmanaged, Enum
        where TGate : struct, IIoctlGate<TFlags>
    {
        if (entry.Argsz is not ArgszRule rule)
        {
            // A command that takes its argument word (VFIO_SET_IOMMU's type, GET_DEVICE_FD's string): nothing is copied.
            int checkedGate = gate.Check(caller, entry.Flags);
            return checkedGate != 0 ? checkedGate : entry.Invoke(file, caller, data, argument, 0);
        }

        int minimum = rule.MinimumSize;
        if (caller.Memory.CopyArgumentFromUser(data[..minimum], argument) < 0)
        {
            return -EFAULT;
        }

        data[minimum..].Clear();
        uint argsz = MemoryMarshal.Read<uint>(data);
        if (argsz < minimum)
        {
            return -EINVAL;
        }

        if (rule.Tail == ArgszTail.MustBeZero)
        {
            int copied = caller.Memory.CopyStructFromUser(data, argument, argsz);
            if (copied < 0)
            {
                return copied;
            }
        }

        int result = gate.Check(caller, entry.Flags);
        if (result == 0)
        {
            result = entry.Invoke(file, caller, data, argument, argsz);
        }

        int back = rule.CopyOut switch
        {
            ArgszCopyOut.MinimumSize => minimum,
            ArgszCopyOut.UpToArgsz => (int)Math.Min(argsz, (uint)data.Length),
            _ => 0,
        };
        if (result >= 0 && caller.Memory.CopyArgumentToUser(argument, data[..back]) < 0)
        {
            result = -EFAULT;
        }

        return result;
    }
}
