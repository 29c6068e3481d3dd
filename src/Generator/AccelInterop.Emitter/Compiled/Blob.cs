using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace AccelInterop.Emitter.Compiled;

/// <summary>
/// Little-endian int32s, UTF-8 strings (int32 byte length, then the bytes) and int lists (count, then
/// the ints) at known offsets of one block of bytes: read in place, a string decoded only when asked.
/// The precompiled forms are built on it so that a build reads what it needs, not the whole uAPI.
/// </summary>
/// <remarks>
/// The bytes are an array, or an embedded resource's memory read where it lies (<see cref="Read"/>):
/// copying a uAPI's resources into arrays would be most of what a small selection allocates, and would
/// touch every page of them. The resource's memory lives as long as its assembly, and so does any code
/// that reads it.
/// </remarks>
internal readonly unsafe struct Blob
{
    private readonly byte[]? _array;
    private readonly byte* _memory;

    public Blob(byte[] data)
    {
        _array = data;
        _memory = null;
        Length = data.Length;
    }

    private Blob(byte* memory, int length)
    {
        _array = null;
        _memory = memory;
        Length = length;
    }

    public int Length { get; }

    public int Int(int offset)
    {
        fixed (byte* array = _array)
        {
            var p = (array != null ? array : _memory) + offset;
            return p[0] | (p[1] << 8) | (p[2] << 16) | (p[3] << 24);
        }
    }

    public string String(int offset)
    {
        var length = Int(offset);
        fixed (byte* array = _array)
        {
            return Encoding.UTF8.GetString((array != null ? array : _memory) + offset + 4, length);
        }
    }

    public int[] Ints(int offset)
    {
        var items = new int[Int(offset)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Int(offset + 4 + (4 * i));
        }

        return items;
    }

    public string[] Strings(int offset)
    {
        var items = new string[Int(offset)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = String(Int(offset + 4 + (4 * i)));
        }

        return items;
    }

    /// <summary>Ordinal order of the string at <paramref name="offset"/> and <paramref name="s"/>, for ASCII text (C names).</summary>
    public int Compare(int offset, string s)
    {
        var length = Int(offset);
        var n = Math.Min(length, s.Length);
        fixed (byte* array = _array)
        {
            var p = (array != null ? array : _memory) + offset + 4;
            for (var i = 0; i < n; i++)
            {
                var d = p[i] - s[i];
                if (d != 0)
                {
                    return d;
                }
            }
        }

        return length - s.Length;
    }

    /// <summary>Whether the string at <paramref name="offset"/> starts with <paramref name="prefix"/> (ASCII).</summary>
    public bool StartsWith(int offset, string prefix)
    {
        if (Int(offset) < prefix.Length)
        {
            return false;
        }

        fixed (byte* array = _array)
        {
            var p = (array != null ? array : _memory) + offset + 4;
            for (var i = 0; i < prefix.Length; i++)
            {
                if (p[i] != prefix[i])
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The bytes, written out (what <see cref="Read"/> reads back).</summary>
    public void WriteTo(Stream stream)
    {
        if (_array != null)
        {
            stream.Write(_array, 0, Length);
            return;
        }

        var copy = new byte[Length];
        System.Runtime.InteropServices.Marshal.Copy((IntPtr)_memory, copy, 0, Length);
        stream.Write(copy, 0, Length);
    }

    /// <summary>The rest of <paramref name="stream"/>: in place for an embedded resource (memory), else copied into an array.</summary>
    public static Blob Read(Stream stream)
    {
        if (stream is UnmanagedMemoryStream memory)
        {
            return new Blob(memory.PositionPointer, checked((int)(memory.Length - memory.Position)));
        }

        var data = new byte[stream.Length - stream.Position];
        var read = 0;
        while (read < data.Length)
        {
            var n = stream.Read(data, read, data.Length - read);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            read += n;
        }

        return new Blob(data);
    }
}

/// <summary>Builds a <see cref="Blob"/>: a header of fixed slots patched once the data they point at is written.</summary>
internal sealed class BlobWriter
{
    private readonly MemoryStream _stream = new MemoryStream();
    private readonly Dictionary<string, int> _strings = new Dictionary<string, int>(StringComparer.Ordinal);

    public int Position => (int)_stream.Position;

    public int Int(int value)
    {
        var at = Position;
        _stream.WriteByte((byte)value);
        _stream.WriteByte((byte)(value >> 8));
        _stream.WriteByte((byte)(value >> 16));
        _stream.WriteByte((byte)(value >> 24));
        return at;
    }

    /// <summary>Reserves <paramref name="count"/> int slots; returns the first slot's offset.</summary>
    public int Slots(int count)
    {
        var at = Position;
        for (var i = 0; i < count; i++)
        {
            Int(0);
        }

        return at;
    }

    public void Patch(int slot, int value)
    {
        var end = _stream.Position;
        _stream.Position = slot;
        Int(value);
        _stream.Position = end;
    }

    /// <summary>The string's offset; a string written before is shared.</summary>
    public int String(string s)
    {
        if (_strings.TryGetValue(s, out var known))
        {
            return known;
        }

        var bytes = Encoding.UTF8.GetBytes(s);
        var at = Int(bytes.Length);
        _stream.Write(bytes, 0, bytes.Length);
        _strings[s] = at;
        return at;
    }

    public int Ints(IReadOnlyList<int> items)
    {
        var at = Int(items.Count);
        foreach (var i in items)
        {
            Int(i);
        }

        return at;
    }

    /// <summary>A list of string offsets (the strings are written first).</summary>
    public int Strings(IReadOnlyList<string> items)
    {
        var offsets = new int[items.Count];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = String(items[i]);
        }

        return Ints(offsets);
    }

    public byte[] ToArray() => _stream.ToArray();
}
