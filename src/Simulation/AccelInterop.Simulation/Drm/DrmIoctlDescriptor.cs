using AccelInterop.Runtime.Ioctl;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// One entry of an ioctl table (the kernel's <c>drm_ioctl_desc</c>): the command as the kernel
/// defines it (its size and direction decide how much is copied), who may call it, and the
/// handler. A null handler is a slot that exists but does nothing (-EINVAL).
/// </summary>
public sealed class DrmIoctlDescriptor
{
    public DrmIoctlDescriptor(string name, uint command, DrmIoctlFlags flags, DrmIoctlHandler? handler)
    {
        Name = name;
        Command = command;
        Flags = flags;
        Handler = handler;
    }

    /// <summary>From a generated request: its number on the running architecture.</summary>
    public static DrmIoctlDescriptor From<TArg>(in IoctlRequest<TArg> request, DrmIoctlFlags flags, DrmIoctlHandler? handler)
        where TArg : unmanaged =>
        new(request.Name, checked((uint)request.Value), flags, handler);

    public string Name { get; }
    public uint Command { get; }
    public DrmIoctlFlags Flags { get; }
    public DrmIoctlHandler? Handler { get; }

    public override string ToString() => $"{Name} (0x{Command:x8}, {Flags})";
}
