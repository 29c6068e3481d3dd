namespace AccelInterop.Scanner.Scanning;

/// <summary>Codes of the scanner's diagnostics (documented in docs/model.md).</summary>
public static class ScanDiagnosticCodes
{
    /// <summary>The headers do not compile for a target (the compiler's error, at its file:line).</summary>
    public const string HeaderError = "SCAN001";
    /// <summary>A symbol's shape differs between targets in a way the model cannot hold per target.</summary>
    public const string TargetDivergence = "SCAN002";
    /// <summary>An object-like macro whose expansion is not an integer constant expression.</summary>
    public const string NotIntegerConstant = "SCAN003";
    /// <summary>A request macro whose argument type could not be resolved or does not match its size field.</summary>
    public const string IoctlArgument = "SCAN004";
    /// <summary>A request value whose direction bits the target does not define.</summary>
    public const string IoctlDirection = "SCAN005";
    /// <summary>A type the model cannot describe exactly (kept by spelling).</summary>
    public const string UnsupportedType = "SCAN006";
    /// <summary>A compiler warning in the headers.</summary>
    public const string HeaderWarning = "SCAN007";
}
