using System;
using System.Collections.Generic;
using System.Linq;

namespace AccelInterop.Model;

/// <summary>
/// A value that may differ between target triples. Most layout facts are the same on
/// every target, so the uniform case is stored (and serialized) as one scalar; only where
/// targets really differ is the per-target map kept, which is what marks a divergence.
/// </summary>
public sealed class PerTarget<T> : IEquatable<PerTarget<T>>
{
    private readonly T _uniform;
    private readonly SortedDictionary<string, T>? _byTarget;

    private PerTarget(T uniform, SortedDictionary<string, T>? byTarget)
    {
        _uniform = uniform;
        _byTarget = byTarget;
    }

    public static PerTarget<T> Uniform(T value) => new PerTarget<T>(value, null);

    /// <summary>Collapses to <see cref="Uniform"/> when every target has the same value.</summary>
    public static PerTarget<T> From(IEnumerable<KeyValuePair<string, T>> values)
    {
        var map = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var kv in values)
        {
            map[kv.Key] = kv.Value;
        }

        if (map.Count == 0)
        {
            throw new ArgumentException("a per-target value needs at least one target", nameof(values));
        }

        var first = map.Values.First();
        var cmp = EqualityComparer<T>.Default;
        return map.Values.All(v => cmp.Equals(v, first)) ? Uniform(first) : new PerTarget<T>(default!, map);
    }

    public bool IsUniform => _byTarget == null;

    /// <summary>The single value; only valid when <see cref="IsUniform"/>.</summary>
    public T Value => IsUniform ? _uniform : throw new InvalidOperationException("value differs between targets");

    /// <summary>The per-target values when they differ (ordinal order of target names).</summary>
    public IReadOnlyDictionary<string, T> ByTarget =>
        _byTarget ?? (IReadOnlyDictionary<string, T>)new Dictionary<string, T>();

    public bool TryGet(string target, out T value)
    {
        if (_byTarget == null) { value = _uniform; return true; }
        return _byTarget.TryGetValue(target, out value!);
    }

    public T For(string target) =>
        TryGet(target, out var v) ? v : throw new KeyNotFoundException($"no value for target '{target}'");

    public PerTarget<TOut> Select<TOut>(Func<T, TOut> map) =>
        _byTarget == null
            ? PerTarget<TOut>.Uniform(map(_uniform))
            : PerTarget<TOut>.From(_byTarget.Select(kv => new KeyValuePair<string, TOut>(kv.Key, map(kv.Value))));

    public bool Equals(PerTarget<T>? other)
    {
        if (other is null)
        {
            return false;
        }

        var cmp = EqualityComparer<T>.Default;
        if (IsUniform != other.IsUniform)
        {
            return false;
        }

        if (IsUniform)
        {
            return cmp.Equals(_uniform, other._uniform);
        }

        return _byTarget!.Count == other._byTarget!.Count
            && _byTarget.All(kv => other._byTarget.TryGetValue(kv.Key, out var v) && cmp.Equals(kv.Value, v));
    }

    public override bool Equals(object? obj) => Equals(obj as PerTarget<T>);

    public override int GetHashCode() =>
        IsUniform ? EqualityComparer<T>.Default.GetHashCode(_uniform!) : _byTarget!.Count;

    public override string ToString() =>
        IsUniform ? $"{_uniform}" : string.Join(", ", _byTarget!.Select(kv => $"{kv.Key}={kv.Value}"));
}
