using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// <see cref="IoctlCopyPolicy.SizeAndDirection"/>, in <c>drm_ioctl.c:drm_ioctl</c>'s order: copy in
/// (-EFAULT without calling anything), zero the rest, gate (<c>drm_ioctl_kernel</c>), handler,
/// then the OUT part back whatever the result (a fault there overrides it).
/// </summary>
internal static class SizeAndDirectionCopy
{
    /// <summary>ksize: the longer of the caller's size (where it moves data) and the kernel's, and at least the handler's struct.</summary>
    public static int BufferSize(uint command, uint kernelCommand, int encodedSize, int argumentSize)
    {
        (int inSize, int outSize) = UserSizes(command, kernelCommand);
        return Math.Max(Math.Max(inSize, outSize), Math.Max(encodedSize, argumentSize));
    }

    public static int Run<TFlags, TGate>(IoctlEntry<TFlags> entry, object file, SimulatedProcess caller,
        uint command, ulong argument, Span<byte> data, TGate gate)
        where TFlags : unmanaged, Enum
        where TGate : struct, IIoctlGate<TFlags>
    {
        (int inSize, int outSize) = UserSizes(command, entry.Command);
        if (UserMemory.CopyArgumentFromUser(data[..inSize], argument) < 0)
        {
            return -EFAULT;
        }

        data[inSize..].Clear();
        int result = gate.Check(caller, entry.Flags);
        if (result == 0)
        {
            result = entry.Invoke(file, caller, data, argument, IoctlEncoding.Current.Size(command));
        }

        if (UserMemory.CopyArgumentToUser(argument, data[..outSize]) < 0)
        {
            result = -EFAULT;
        }

        return result;
    }

    // The caller's size counts in a direction only when both the caller's and the kernel's command have it.
    private static (int In, int Out) UserSizes(uint command, uint kernelCommand)
    {
        IoctlEncoding encoding = IoctlEncoding.Current;
        int size = (int)encoding.Size(command);
        return ((command & kernelCommand & encoding.InBit) != 0 ? size : 0, (command & kernelCommand & encoding.OutBit) != 0 ? size : 0);
    }
}
