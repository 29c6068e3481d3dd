using System.Runtime.InteropServices;

namespace AccelInterop.Runtime.Errors;

/// <summary>
/// A kernel error number with its name (ENOENT, EINVAL, ...). <see cref="None"/> (0) means
/// success. The numbers are the asm-generic ones the kernel returns as <c>-errno</c>.
/// </summary>
public readonly struct Errno : IEquatable<Errno>
{
    public Errno(int number) => Number = number;

    /// <summary>The positive errno value, 0 for none.</summary>
    public int Number { get; }

    /// <summary>The kernel's name for the number, e.g. <c>ENOTTY</c>; "E?" plus the number when unknown.</summary>
    public string Name => Number == 0 ? "none" : ErrnoNames.Find(Number) ?? $"E?{Number}";

    /// <summary>The host C library's description (strerror).</summary>
    public string Description => Marshal.GetPInvokeErrorMessage(Number);

    public bool IsNone => Number == 0;

    /// <summary>The errno with this kernel name (aliases such as EWOULDBLOCK included).</summary>
    public static Errno FromName(string name)
    {
        int number = ErrnoNames.Find(name);
        return number > 0 ? new Errno(number) : throw new ArgumentException($"unknown errno name '{name}'", nameof(name));
    }

    /// <summary>The value a kernel function returns for this error (<c>-errno</c>).</summary>
    public int ToKernelReturn() => -Number;

    /// <summary>The errno of a kernel-style return value (<c>-errno</c> or ≥ 0 for none).</summary>
    public static Errno FromKernelReturn(long value) => value < 0 ? new Errno((int)-value) : None;

    public static Errno None => default;
    public static Errno EPERM => new(1);
    public static Errno ENOENT => new(2);
    public static Errno ESRCH => new(3);
    public static Errno EINTR => new(4);
    public static Errno EIO => new(5);
    public static Errno ENXIO => new(6);
    public static Errno E2BIG => new(7);
    public static Errno EBADF => new(9);
    public static Errno EAGAIN => new(11);
    public static Errno ENOMEM => new(12);
    public static Errno EACCES => new(13);
    public static Errno EFAULT => new(14);
    public static Errno EBUSY => new(16);
    public static Errno EEXIST => new(17);
    public static Errno ENODEV => new(19);
    public static Errno EINVAL => new(22);
    public static Errno ENFILE => new(23);
    public static Errno EMFILE => new(24);
    public static Errno ENOTTY => new(25);
    public static Errno ENOSPC => new(28);
    public static Errno ERANGE => new(34);
    public static Errno EDEADLK => new(35);
    public static Errno ENOSYS => new(38);
    public static Errno ENODATA => new(61);
    public static Errno ETIME => new(62);
    public static Errno EPROTO => new(71);
    public static Errno EOVERFLOW => new(75);
    public static Errno EOPNOTSUPP => new(95);
    public static Errno ETIMEDOUT => new(110);
    public static Errno ECANCELED => new(125);

    public bool Equals(Errno other) => Number == other.Number;
    public override bool Equals(object? obj) => obj is Errno other && Equals(other);
    public override int GetHashCode() => Number;
    public static bool operator ==(Errno left, Errno right) => left.Number == right.Number;
    public static bool operator !=(Errno left, Errno right) => left.Number != right.Number;

    public override string ToString() => $"{Name} ({Number})";
}
