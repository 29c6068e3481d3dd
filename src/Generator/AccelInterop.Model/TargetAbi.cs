using AccelInterop.Model.Targets;

namespace AccelInterop.Model;

public enum ByteOrder { Little, Big }

/// <summary>
/// What the C compiler evaluated about one target of a scan: type sizes the layouts depend on,
/// byte order, and the target's own <c>_IOC_*</c> layout. The scanner writes it; the emitter,
/// the conformance rules and the tests read it instead of knowing architectures themselves.
/// </summary>
public sealed class TargetAbi
{
    public TargetAbi(string triple, int pointerSize, int longSize, int int64Align, ByteOrder byteOrder, IoctlLayout? ioctl)
    {
        Triple = triple;
        PointerSize = pointerSize;
        LongSize = longSize;
        Int64Align = int64Align;
        ByteOrder = byteOrder;
        Ioctl = ioctl;
    }

    /// <summary>The clang triple.</summary>
    public string Triple { get; }

    /// <summary><c>sizeof(void *)</c> (and of <c>size_t</c> on Linux).</summary>
    public int PointerSize { get; }

    /// <summary><c>sizeof(long)</c>.</summary>
    public int LongSize { get; }

    /// <summary>The alignment of a <c>long long</c> member inside a struct (4 on i386, 8 elsewhere).</summary>
    public int Int64Align { get; }

    public ByteOrder ByteOrder { get; }

    /// <summary>The <c>_IOC_*</c> shifts, widths and direction values; null when the headers offered no <c>&lt;linux/ioctl.h&gt;</c>.</summary>
    public IoctlLayout? Ioctl { get; }

    public override string ToString() => Triple;
}
