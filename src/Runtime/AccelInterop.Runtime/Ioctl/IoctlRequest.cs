using System.Runtime.InteropServices;
using AccelInterop.Runtime.Targets;

namespace AccelInterop.Runtime.Ioctl;

/// <summary>
/// An ioctl request whose argument is a <typeparamref name="TArg"/>: the request number of
/// the running architecture plus the decoded fields. The type parameter is what makes a
/// request and an argument of the wrong type fail to compile.
/// </summary>
public readonly struct IoctlRequest<TArg> where TArg : unmanaged
{
    public IoctlRequest(string name, IoctlDirection direction, byte type, byte number, uint size, ulong value)
    {
        Name = name;
        Direction = direction;
        Type = type;
        Number = number;
        Size = size;
        Value = value;
    }

    /// <summary>The C macro name, e.g. <c>DRM_IOCTL_XE_GEM_CREATE</c>.</summary>
    public string Name { get; }
    public IoctlDirection Direction { get; }

    /// <summary>The type ("magic") byte, e.g. 0x64 ('d') for DRM.</summary>
    public byte Type { get; }
    public byte Number { get; }

    /// <summary>The size field as the request encodes it.</summary>
    public uint Size { get; }

    /// <summary>The request number passed to ioctl(2) on this architecture.</summary>
    public ulong Value { get; }

    public override string ToString() => $"{Name} (0x{Value:x}, {Direction}, type 0x{Type:x2}, nr 0x{Number:x2}, size {Size})";
}

/// <summary>An ioctl request that takes no argument (<c>_IO</c>).</summary>
public readonly struct IoctlRequest
{
    public IoctlRequest(string name, byte type, byte number, ulong value)
    {
        Name = name;
        Type = type;
        Number = number;
        Value = value;
    }

    public string Name { get; }
    public byte Type { get; }
    public byte Number { get; }
    public ulong Value { get; }

    public override string ToString() => $"{Name} (0x{Value:x}, type 0x{Type:x2}, nr 0x{Number:x2})";
}

/// <summary>
/// Picks a request's number for the running process architecture from the per-architecture
/// values the generator emits (numbers differ: powerpc encodes direction and size differently).
/// </summary>
public static class IoctlArchitecture
{
    private static readonly Architecture[] s_order = LinuxTargets.All.Select(t => t.Architecture).ToArray();

    /// <summary>The order of the per-architecture value arrays in generated code (that of <see cref="LinuxTargets.All"/>).</summary>
    public static ReadOnlySpan<Architecture> Order => s_order;

    /// <summary>The running architecture's index in <see cref="Order"/>; -1 outside the supported targets.</summary>
    public static readonly int Current = LinuxTargets.Current?.Index ?? -1;

    /// <summary>The value for the running architecture (requests, and constants whose value differs); throws when there is none.</summary>
    public static ulong Select(string name, ReadOnlySpan<ulong?> perArchitecture)
    {
        if (Current < 0 || Current >= perArchitecture.Length || perArchitecture[Current] is not ulong v)
        {
            throw new PlatformNotSupportedException(
                $"{name} is not available on {RuntimeInformation.ProcessArchitecture}: the uAPI defines no value there, " +
                "or the generated bindings cannot reproduce its argument's layout on it");
        }

        return v;
    }
}
