using System.Runtime.InteropServices;
using AccelInterop.Runtime.Errors;

namespace AccelInterop.Runtime.Devices;

/// <summary>
/// A mapping made by mmap(2), unmapped once: on dispose, or from the finalizer where the backend
/// allows it (<see cref="IKernelBackend.ReleasesFromFinalizer"/>). As in the kernel, the mapping does not
/// depend on the descriptor it came from: it stays valid after that file is closed.
/// </summary>
public sealed unsafe partial class MappedRegion : SafeHandle
{
    internal MappedRegion(IKernelBackend backend, nint address, nuint length)
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
        Backend = backend;
        Length = length;
        SetHandle(address);
        if (!backend.ReleasesFromFinalizer)
        {
            GC.SuppressFinalize(this); // only Dispose unmaps it (see IKernelBackend.ReleasesFromFinalizer)
        }
    }

    public IKernelBackend Backend { get; }

    /// <summary>The mapped length in bytes, as requested.</summary>
    public nuint Length { get; }

    public override bool IsInvalid => handle == 0;

    /// <summary>The mapping's address; throws once disposed.</summary>
    public nint Address
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return handle;
        }
    }

    /// <summary>The whole mapping as bytes (mappings over 2 GiB: use <see cref="Slice"/>).</summary>
    public Span<byte> Span => Slice(0, checked((int)Length));

    /// <summary>Part of the mapping; bounds-checked against the mapped length.</summary>
    public Span<byte> Slice(nuint offset, int length)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (length < 0 || offset > Length || (nuint)length > Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"[{offset}, +{length}) is outside the {Length}-byte mapping");
        }

        return new Span<byte>((byte*)handle + offset, length);
    }

    protected override bool ReleaseHandle() => Backend.Munmap(handle, Length).IsSuccess;
}
