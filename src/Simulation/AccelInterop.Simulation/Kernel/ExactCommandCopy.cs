using AccelInterop.Runtime.Ioctl;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// <see cref="IoctlCopyPolicy.ExactCommand"/>: a character device's handler copies its struct in
/// (<c>copy_from_user</c>, -EFAULT) for IN commands and back after success for OUT ones; commands
/// taking the argument word copy nothing.
/// </summary>
internal static class ExactCommandCopy
{
    public static int Run<TFlags, TGate>(IoctlEntry<TFlags> entry, object file, SimulatedProcess caller,
        uint command, ulong argument, Span<byte> data, TGate gate)
        where TFlags : unmanaged, Enum
        where TGate : struct, IIoctlGate<TFlags>
    {
        IoctlDirection direction = IoctlEncoding.Current.Direction(command);
        int size = entry.ArgumentSize == 0 ? 0 : entry.EncodedSize;
        int copiedIn = (direction & IoctlDirection.Write) != 0 ? size : 0;
        if (caller.Memory.CopyArgumentFromUser(data[..copiedIn], argument) < 0)
        {
            return -EFAULT;
        }

        data[copiedIn..].Clear();
        int result = gate.Check(caller, entry.Flags);
        if (result == 0)
        {
            result = entry.Invoke(file, caller, data, argument, (uint)size);
        }

        if (result >= 0 && (direction & IoctlDirection.Read) != 0 && caller.Memory.CopyArgumentToUser(argument, data[..size]) < 0)
        {
            result = -EFAULT;
        }

        return result;
    }
}
