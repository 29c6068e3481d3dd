using System.Diagnostics.CodeAnalysis;

namespace AccelInterop.Runtime.Errors;

/// <summary>
/// The outcome of a system call returning an int: the value on success, the errno on failure.
/// A value type so the success path allocates nothing.
/// </summary>
public readonly struct SysResult
{
    private readonly int _value;

    private SysResult(int value, Errno error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>
    /// The call's non-negative return value; throws <see cref="ErrnoException"/> when the call failed,
    /// as <see cref="SysResult{T}.Value"/> does (a failure read as 0 would pass for a success that returned 0).
    /// </summary>
    public int Value => ThrowIfError();

    /// <summary>The error, or <see cref="Errno.None"/> on success.</summary>
    public Errno Error { get; }

    public bool IsSuccess => Error.IsNone;

    public static SysResult Success(int value = 0) => new(value, default);

    public static SysResult Failure(Errno error) =>
        error.IsNone ? throw new ArgumentException("a failure needs an errno", nameof(error)) : new(0, error);

    /// <summary>From a kernel-style return: negative is <c>-errno</c>.</summary>
    public static SysResult FromKernelReturn(int value) => value < 0 ? new(0, new Errno(-value)) : new(value, default);

    /// <summary>The value, or throws <see cref="ErrnoException"/> naming <paramref name="operation"/>.</summary>
    public int ThrowIfError(string? operation = null)
    {
        if (!Error.IsNone)
        {
            Throw(Error, operation);
        }

        return _value;
    }

    /// <summary>The value when the call succeeded.</summary>
    public bool TryGetValue(out int value)
    {
        value = _value;
        return Error.IsNone;
    }

    [DoesNotReturn]
    internal static void Throw(Errno error, string? operation) => throw new ErrnoException(error, operation);

    public override string ToString() => IsSuccess ? $"ok ({_value})" : Error.ToString();
}
