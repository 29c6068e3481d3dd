using System;
using System.Collections;
using System.Collections.Generic;

namespace AccelInterop.SourceGenerator;

/// <summary>
/// An immutable array compared by its elements, so pipeline values cache on content. A class, not
/// a struct: the compiler's incremental nodes then run the shared code it already has for reference
/// types instead of compiling a copy for each value type (a cold build pays that JIT).
/// </summary>
internal sealed class EquatableArray<T> : IEquatable<EquatableArray<T>>, IEnumerable<T> where T : IEquatable<T>
{
    private readonly T[] _items;

    public EquatableArray(IReadOnlyList<T> items)
    {
        _items = new T[items.Count];
        for (var i = 0; i < _items.Length; i++)
        {
            _items[i] = items[i];
        }
    }

    /// <summary>Takes <paramref name="items"/> as it is (the caller gives up the array).</summary>
    public EquatableArray(T[] items) => _items = items;

    public int Count => _items.Length;
    public T this[int i] => _items[i];

    public bool Equals(EquatableArray<T>? other) => other != null && _items.AsSpanEquals(other._items);

    public override bool Equals(object? obj) => Equals(obj as EquatableArray<T>);

    public override int GetHashCode()
    {
        var h = 17;
        foreach (var item in _items)
        {
            h = h * 31 + (item?.GetHashCode() ?? 0);
        }

        return h;
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

internal static class ArrayEquality
{
    public static bool AsSpanEquals<T>(this T[] a, T[] b) where T : IEquatable<T>
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
