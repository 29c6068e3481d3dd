using System.Runtime.CompilerServices;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// <see cref="IoctlCopyPolicy.SizeAndDirection"/>, in <c>drm_ioctl.c:drm_ioctl</c>'s order: copy in
/// (-EFAULT without calling anything), zero the rest, gate (<c>drm_ioctl_kernel</c>), handler,
/// then the OUT part back whatever the result (a fault there overrides it); under
/// <see cref="IoctlCopyPolicy.SizeAndDirectionOnSuccess"/> only after success.
/// </summary>
internal static class SizeAndDirectionCopy
{
    /// <summary>
    /// Copies in, gates, runs and copies back; <paramref name="data"/> is ksize long: the longer of
    /// the caller's size (where it moves data) and the kernel's, and at least the handler's struct.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Run<TFlags, TGate>(IoctlEntry<TFlags> entry, object file, SimulatedProcess caller,
        ulong argument, Span<byte> data, int inSize, int outSize, TGate gate, bool copyBackOnError)
        where TFlags : unmanaged, Enum
        where TGate : struct, IIoctlGate<TFlags>
    {
        if (caller.Memory.CopyArgumentFromUser(data[..inSize], argument) < 0)
        {
            return -EFAULT;
        }

        data[inSize..].Clear();
        int result = gate.Check(caller, entry.Flags);
        if (result == 0)
        {
            result = entry.Invoke(file, caller, data, argument, (uint)Math.Max(inSize, outSize));
        }

        if ((result >= 0 || copyBackOnError) && caller.Memory.CopyArgumentToUser(argument, data[..outSize]) < 0)
        {
            result = -EFAULT;
        }

        return result;
    }

    /// <summary>The caller's size counts in a direction only when both the caller's and the kernel's command have it.</summary>
    public static (int In, int Out) UserSizes(uint command, uint kernelCommand)
    {
        IoctlEncoding encoding = IoctlEncoding.Current;
        int size = (int)encoding.Size(command);
        return ((command & kernelCommand & encoding.InBit) != 0 ? size : 0, (command & kernelCommand & encoding.OutBit) != 0 ? size : 0);
    }
}
