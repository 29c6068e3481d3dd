using System.Buffers.Binary;

namespace AccelInterop.Simulation.Qda;

/// <summary>
/// The remote module the simulated DSP runs for user processes, at a fixed remote handle (a real
/// program would open a module through the DSP's remote-control handle and get one). Each method
/// does real work on the buffers so that a caller can check the result; a call whose scalars do
/// not fit the method gets <see cref="DspStatus.BadArguments"/>.
/// </summary>
public static class DspMethods
{
    /// <summary>The remote handle of the module.</summary>
    public const uint Handle = 2;

    /// <summary>1 in-buffer, 1 out-buffer of at least 4 bytes: the 32-bit FNV-1a hash of the in-buffer, little-endian.</summary>
    public const uint Checksum = 0;

    /// <summary>2 in-buffers of equal length (a multiple of 4), 1 out-buffer as long: the element-wise sum of the little-endian u32 vectors.</summary>
    public const uint VectorAdd = 1;

    /// <summary>1 in-buffer, 1 out-buffer: the in-buffer copied into the out-buffer (as much as fits).</summary>
    public const uint Echo = 2;

    /// <summary>In-handles and 1 out-buffer of 4 bytes per handle: the dma-buf fd the DSP was forwarded for each.</summary>
    public const uint DescribeHandles = 3;

    /// <summary>FNV-1a, 32 bits (offset basis 2166136261, prime 16777619).</summary>
    public static uint Fnv1a(ReadOnlySpan<byte> data)
    {
        uint hash = 2166136261;
        foreach (byte b in data)
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash;
    }

    internal static int Run(uint method, DspCall call)
    {
        FastRpcScalars sc = call.Scalars;
        switch (method)
        {
            case Checksum when sc.InBuffers == 1 && sc.OutBuffers == 1 && call.Out[0].Length >= 4:
                BinaryPrimitives.WriteUInt32LittleEndian(call.Out[0].Span, Fnv1a(call.In[0].Span));
                return DspStatus.Success;
            case VectorAdd when sc.InBuffers == 2 && sc.OutBuffers == 1 && call.In[0].Length == call.In[1].Length &&
                                call.Out[0].Length == call.In[0].Length && call.In[0].Length % 4 == 0:
                for (int i = 0; i < call.Out[0].Length; i += 4)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(call.Out[0].Span[i..], BinaryPrimitives.ReadUInt32LittleEndian(call.In[0].Span[i..]) +
                        BinaryPrimitives.ReadUInt32LittleEndian(call.In[1].Span[i..]));
                }

                return DspStatus.Success;
            case Echo when sc.InBuffers == 1 && sc.OutBuffers == 1:
                ReadOnlySpan<byte> from = call.In[0].Span;
                from[..Math.Min(from.Length, call.Out[0].Length)].CopyTo(call.Out[0].Span);
                return DspStatus.Success;
            case DescribeHandles when sc.OutBuffers == 1 && call.Out[0].Length >= 4 * sc.InHandles:
                for (int i = 0; i < call.InHandles.Count; i++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(call.Out[0].Span[(4 * i)..], call.InHandles[i].Fd);
                }

                return DspStatus.Success;
            case Checksum or VectorAdd or Echo or DescribeHandles:
                return DspStatus.BadArguments;
            default:
                return DspStatus.UnknownMethod;
        }
    }
}
