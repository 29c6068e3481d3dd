using System.Runtime.InteropServices;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Xe;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// The user-extension chains of GEM_CREATE and EXEC_QUEUE_CREATE (<c>xe_bo.c:gem_create_user_extensions</c>,
/// <c>xe_exec_queue.c:exec_queue_user_extensions</c>): links followed through
/// <c>next_extension</c>, at most <see cref="XeExecQueueLimits.MaxExtensions"/> of them — the next
/// one is -E2BIG before it is read, so a chain that loops back ends there. Both know one extension,
/// SET_PROPERTY (name 0).
/// </summary>
internal static class XeUserExtensionChain
{
    /// <summary>
    /// Link number <paramref name="number"/> (from 0) at <paramref name="address"/>: -E2BIG past the
    /// limit, -EFAULT, -EINVAL for a padded header or a name other than SET_PROPERTY; else 0 and the
    /// whole set-property link (read again in full, as the property handler does).
    /// </summary>
    public static int Read(SimulatedProcess caller, ulong address, int number, out drm_xe_ext_set_property ext)
    {
        ext = default;
        if (number >= XeExecQueueLimits.MaxExtensions)
        {
            return -E2BIG;
        }

        Span<byte> bytes = MemoryMarshal.AsBytes(new Span<drm_xe_ext_set_property>(ref ext));
        if (caller.Memory.CopyFromUser(bytes[..Marshal.SizeOf<drm_xe_user_extension>()], address) < 0)
        {
            return -EFAULT;
        }

        if (ext.@base.pad != 0 || ext.@base.name != 0)
        {
            return -EINVAL;
        }

        return caller.Memory.CopyFromUser(bytes, address) < 0 ? -EFAULT : 0;
    }
}
