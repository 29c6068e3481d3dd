namespace AccelInterop.Runtime.Errors;

/// <summary>The outcome of a call that produces a <typeparamref name="T"/> or fails with an errno.</summary>
public readonly struct SysResult<T>
{
    private readonly T? _value;

    private SysResult(T? value, Errno error)
    {
        _value = value;
        Error = error;
    }

    public Errno Error { get; }

    public bool IsSuccess => Error.IsNone;

    /// <summary>The value; throws <see cref="ErrnoException"/> when the call failed.</summary>
    public T Value => ThrowIfError();

    public static SysResult<T> Success(T value) => new(value, default);

    public static SysResult<T> Failure(Errno error) =>
        error.IsNone ? throw new ArgumentException("a failure needs an errno", nameof(error)) : new(default, error);

    public bool TryGetValue(out T value)
    {
        value = _value!;
        return Error.IsNone;
    }

    public T ThrowIfError(string? operation = null)
    {
        if (!Error.IsNone)
        {
            SysResult.Throw(Error, operation);
        }

        return _value!;
    }

    public override string ToString() => IsSuccess ? $"ok ({_value})" : Error.ToString();
}
