using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// One command of an <see cref="IoctlTable{TFile, TFlags}"/> (the kernel's <c>drm_ioctl_desc</c>, or a
/// <c>case</c> of a character device's switch): the command as the kernel defines it, its flags,
/// and the handler, typed by the request it was defined from. (Generic over the flags only, so
/// dispatch code is not shared between file types and needs no runtime type lookups.)
/// </summary>
public abstract class IoctlEntry<TFlags> where TFlags : unmanaged, Enum
{
    private protected IoctlEntry(string name, uint command, TFlags flags, int argumentSize, bool hasHandler)
    {
        HasHandler = hasHandler;
        Name = name;
        Command = command;
        Flags = flags;
        ArgumentSize = argumentSize;
        EncodedSize = (int)IoctlEncoding.Current.Size(command);
    }

    /// <summary>The request's macro name.</summary>
    public string Name { get; }

    /// <summary>The command as the kernel defines it (on the running architecture).</summary>
    public uint Command { get; }

    public TFlags Flags { get; }

    /// <summary>The size the kernel's command encodes.</summary>
    public int EncodedSize { get; }

    /// <summary>The size of the struct the handler gets (0: the handler takes the argument word).</summary>
    public int ArgumentSize { get; }

    /// <summary>Whether a handler exists (DRM keeps slots without one: -EINVAL).</summary>
    public bool HasHandler { get; }

    /// <summary>Another command of the table with the same number (only where the policy matches full commands).</summary>
    internal IoctlEntry<TFlags>? SameNumber { get; set; }

    /// <summary>The <see cref="IoctlCopyPolicy.Argsz"/> rule of the command, null for others.</summary>
    public virtual ArgszRule? Argsz => null;

    /// <summary>
    /// Runs the handler on the kernel copy <paramref name="data"/> (at least <see cref="ArgumentSize"/>
    /// long); <paramref name="argument"/> is the caller's argument word, <paramref name="userSize"/> the size it claims.
    /// </summary>
    internal abstract int Invoke(object file, SimulatedProcess caller, Span<byte> data, ulong argument, uint userSize);

    public override string ToString() => $"{Name} (0x{Command:x8}, {Flags})";
}

/// <summary>A command whose handler takes its struct by reference.</summary>
internal sealed class StructIoctlEntry<TFile, TFlags, TArg>(string name, uint command, TFlags flags, IoctlHandler<TFile, TArg>? handler)
    : IoctlEntry<TFlags>(name, command, flags, Unsafe.SizeOf<TArg>(), handler is not null)
    where TFile : class
    where TFlags : unmanaged, Enum
    where TArg : unmanaged
{
    internal override int Invoke(object file, SimulatedProcess caller, Span<byte> data, ulong argument, uint userSize) =>
        handler!(Unsafe.As<TFile>(file), caller, ref MemoryMarshal.AsRef<TArg>(data));
}

/// <summary>A command whose handler takes the argument word itself.</summary>
internal sealed class ValueIoctlEntry<TFile, TFlags>(string name, uint command, TFlags flags, IoctlValueHandler<TFile> handler)
    : IoctlEntry<TFlags>(name, command, flags, argumentSize: 0, hasHandler: true)
    where TFile : class
    where TFlags : unmanaged, Enum
{
    internal override int Invoke(object file, SimulatedProcess caller, Span<byte> data, ulong argument, uint userSize) =>
        handler(Unsafe.As<TFile>(file), caller, argument);
}

/// <summary>A command under the <see cref="IoctlCopyPolicy.Argsz"/> rule.</summary>
internal sealed class ArgszIoctlEntry<TFile, TFlags, TArg>(string name, uint command, TFlags flags, ArgszRule rule, ArgszIoctlHandler<TFile, TArg> handler)
    : IoctlEntry<TFlags>(name, command, flags, Unsafe.SizeOf<TArg>(), hasHandler: true)
    where TFile : class
    where TFlags : unmanaged, Enum
    where TArg : unmanaged
{
    public override ArgszRule? Argsz => rule;

    internal override int Invoke(object file, SimulatedProcess caller, Span<byte> data, ulong argument, uint userSize) =>
        handler(Unsafe.As<TFile>(file), caller, ref MemoryMarshal.AsRef<TArg>(data), new IoctlUserArgument(argument, userSize));
}
