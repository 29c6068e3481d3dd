using System;

namespace AccelInterop.Emitter.Mapping;

/// <summary>Size and signedness of a C builtin type on a Linux target.</summary>
internal readonly struct CScalar
{
    public CScalar(int size, bool signed, bool isFloat)
    {
        Size = size;
        Signed = signed;
        IsFloat = isFloat;
    }

    public int Size { get; }
    public bool Signed { get; }
    public bool IsFloat { get; }

    /// <summary>Size 0: a builtin the emitter cannot represent (long double, __int128, ...).</summary>
    public bool IsKnown => Size > 0;
}

internal static class CBuiltin
{
    public static CScalar Describe(string spelling, EmitterTarget target)
    {
        switch (spelling)
        {
            // Plain char is signed on x86 and unsigned on arm/powerpc/s390x: bound as byte everywhere.
            case "char": return new CScalar(1, false, false);
            case "signed char": return new CScalar(1, true, false);
            case "unsigned char": case "_Bool": case "bool": return new CScalar(1, false, false);
            case "short": return new CScalar(2, true, false);
            case "unsigned short": return new CScalar(2, false, false);
            case "int": return new CScalar(4, true, false);
            case "unsigned int": return new CScalar(4, false, false);
            // sizeof(long) as the compiler evaluated it for the target (the model's target facts).
            case "long": return new CScalar(target.LongSize, true, false);
            case "unsigned long": return new CScalar(target.LongSize, false, false);
            case "long long": return new CScalar(8, true, false);
            case "unsigned long long": return new CScalar(8, false, false);
            case "float": return new CScalar(4, true, true);
            case "double": return new CScalar(8, true, true);
            default: return default;
        }
    }

    /// <summary>The fixed-width C# spelling of an integer of this size and signedness.</summary>
    public static string FixedName(int size, bool signed, bool isFloat)
    {
        if (isFloat)
        {
            return size == 4 ? "float" : "double";
        }

        switch (size)
        {
            case 1: return signed ? "sbyte" : "byte";
            case 2: return signed ? "short" : "ushort";
            case 4: return signed ? "int" : "uint";
            case 8: return signed ? "long" : "ulong";
            default: throw new ArgumentOutOfRangeException(nameof(size), size, "no C# integer of this size");
        }
    }
}
