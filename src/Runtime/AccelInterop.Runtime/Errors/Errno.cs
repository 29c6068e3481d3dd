using System.Runtime.InteropServices;

namespace AccelInterop.Runtime.Errors;

/// <summary>
/// A kernel error number with its name (ENOENT, EINVAL, ...). <see cref="None"/> (0) means
/// success. Every number has one field in the errno table (<c>Errno.EINVAL</c>); kernel-style
/// code returns it negated: <c>return -EINVAL;</c> is <c>-22</c>.
/// </summary>
public readonly partial struct Errno : IEquatable<Errno>
{
    public Errno(int number) => Number = number;

    /// <summary>The positive errno value, 0 for none.</summary>
    public int Number { get; }

    /// <summary>The kernel's name for the number, e.g. <c>ENOTTY</c>; "E?" plus the number when unknown.</summary>
    public string Name => Number == 0 ? "none" : Find(Number) ?? $"E?{Number}";

    /// <summary>The host C library's description (strerror).</summary>
    public string Description => Marshal.GetPInvokeErrorMessage(Number);

    public bool IsNone => Number == 0;

    public static Errno None => default;

    /// <summary>The largest errno number the table names.</summary>
    public static int MaxNumber => Largest;

    /// <summary>The errno with this kernel name (aliases such as EWOULDBLOCK included).</summary>
    public static Errno FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach ((string alias, Errno errno) in s_aliases)
        {
            if (string.Equals(alias, name, StringComparison.Ordinal))
            {
                return errno;
            }
        }

        int number = Array.IndexOf(s_names, name);
        return number > 0 ? new Errno(number) : throw new ArgumentException($"unknown errno name '{name}'", nameof(name));
    }

    /// <summary>The value a kernel function returns for this error (<c>-errno</c>); the same as unary minus.</summary>
    public int ToKernelReturn() => -Number;

    /// <summary>The kernel's <c>return -EINVAL;</c>: the negative errno a kernel function returns.</summary>
    public static int operator -(Errno errno) => -errno.Number;

    /// <summary>The errno of a kernel-style return value (<c>-errno</c> or ≥ 0 for none).</summary>
    public static Errno FromKernelReturn(long value) => value < 0 ? new Errno((int)-value) : None;

    public bool Equals(Errno other) => Number == other.Number;
    public override bool Equals(object? obj) => obj is Errno other && Equals(other);
    public override int GetHashCode() => Number;
    public static bool operator ==(Errno left, Errno right) => left.Number == right.Number;
    public static bool operator !=(Errno left, Errno right) => left.Number != right.Number;

    public override string ToString() => $"{Name} ({Number})";

    private static string? Find(int number) => (uint)number < (uint)s_names.Length ? s_names[number] : null;
}
