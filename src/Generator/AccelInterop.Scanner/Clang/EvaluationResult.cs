namespace AccelInterop.Scanner.Clang;

/// <summary>What <see cref="Cursor.Evaluate"/> found (from <c>CXEvalResultKind</c>, simplified for C).</summary>
public enum EvaluationKind
{
    /// <summary>libclang could not evaluate the cursor (not a constant expression, or not an expression/variable at all).</summary>
    Unevaluable,
    Int,
    Float,

    /// <summary>A string literal.</summary>
    String,

    /// <summary>Evaluated, but to something else (e.g. an address or an Objective-C literal).</summary>
    Other,
}

/// <summary>
/// A constant copied out of a CXEvalResult (which is disposed at once). For
/// <see cref="EvaluationKind.Int"/> the full 64 bits are exact: unsigned results come from
/// clang_EvalResult_getAsUnsigned, signed ones from clang_EvalResult_getAsLongLong, so
/// <c>~0ULL</c> is 0xFFFFFFFFFFFFFFFF and <c>-1</c> is -1.
/// </summary>
public readonly record struct EvaluationResult
{
    private readonly ulong _bits;

    private EvaluationResult(EvaluationKind kind, bool isUnsigned, ulong bits, double floatValue, string? stringValue)
    {
        Kind = kind;
        IsUnsigned = isUnsigned;
        _bits = bits;
        FloatValue = floatValue;
        StringValue = stringValue;
    }

    public EvaluationKind Kind { get; }

    /// <summary>For Int: whether the expression's type is unsigned.</summary>
    public bool IsUnsigned { get; }

    /// <summary>For Int: the value as a signed 64-bit number (an unsigned value above long.MaxValue wraps).</summary>
    public long SignedValue => unchecked((long)_bits);

    /// <summary>For Int: the value as an unsigned 64-bit number (a negative signed value wraps).</summary>
    public ulong UnsignedValue => _bits;

    /// <summary>For Int: the exact mathematical value, whatever the signedness.</summary>
    public Int128 Value => IsUnsigned ? _bits : (Int128)SignedValue;

    /// <summary>For Float: the value.</summary>
    public double FloatValue { get; }

    /// <summary>For String: the literal's contents.</summary>
    public string? StringValue { get; }

    internal static EvaluationResult Unevaluable => default;

    internal static EvaluationResult Other => new(EvaluationKind.Other, false, 0, 0, null);

    internal static EvaluationResult Signed(long value) => new(EvaluationKind.Int, false, unchecked((ulong)value), 0, null);

    internal static EvaluationResult Unsigned(ulong value) => new(EvaluationKind.Int, true, value, 0, null);

    internal static EvaluationResult Float(double value) => new(EvaluationKind.Float, false, 0, value, null);

    internal static EvaluationResult String(string value) => new(EvaluationKind.String, false, 0, 0, value);

    public override string ToString() => Kind switch
    {
        EvaluationKind.Int => Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + (IsUnsigned ? "u" : string.Empty),
        EvaluationKind.Float => FloatValue.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        EvaluationKind.String => $"\"{StringValue}\"",
        _ => Kind.ToString(),
    };
}
