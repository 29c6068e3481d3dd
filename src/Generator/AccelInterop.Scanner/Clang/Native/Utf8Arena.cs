using System.Runtime.InteropServices;
using System.Text;

namespace AccelInterop.Scanner.Clang.Native;

/// <summary>
/// Native UTF-8 copies of managed strings that live exactly as long as one native call needs
/// them (parse arguments, unsaved file names and contents). Freed all at once on Dispose, so a
/// failed parse leaks nothing.
/// </summary>
internal sealed unsafe class Utf8Arena : IDisposable
{
    private readonly List<nint> _blocks = [];

    /// <summary>Copies <paramref name="value"/> as NUL-terminated UTF-8; returns its length in bytes (without the NUL).</summary>
    public byte* Add(string value, out int byteCount)
    {
        byteCount = Encoding.UTF8.GetByteCount(value);
        byte* block = (byte*)Allocate((nuint)byteCount + 1);
        int written = Encoding.UTF8.GetBytes(value, new Span<byte>(block, byteCount));
        block[written] = 0;
        return block;
    }

    /// <summary>Copies <paramref name="value"/> as NUL-terminated UTF-8.</summary>
    public byte* Add(string value) => Add(value, out _);

    /// <summary>An array of <paramref name="count"/> zeroed <typeparamref name="T"/> in native memory.</summary>
    public T* AddArray<T>(int count) where T : unmanaged
    {
        nuint bytes = (nuint)Math.Max(count, 1) * (nuint)sizeof(T);
        void* block = Allocate(bytes);
        NativeMemory.Clear(block, bytes);
        return (T*)block;
    }

    private void* Allocate(nuint bytes)
    {
        void* block = NativeMemory.Alloc(bytes);
        _blocks.Add((nint)block);
        return block;
    }

    public void Dispose()
    {
        foreach (nint block in _blocks)
        {
            NativeMemory.Free((void*)block);
        }

        _blocks.Clear();
    }
}
