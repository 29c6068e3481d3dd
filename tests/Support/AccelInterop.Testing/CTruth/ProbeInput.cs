namespace AccelInterop.Testing.CTruth;

/// <summary>A record to measure: the key <c>accelgen facts</c> uses (tag, else typedef name) and how C spells its type.</summary>
public sealed record ProbeRecord(string Key, string Spelling);

/// <summary>
/// What to ask a compiler about one header: which records and which names (macros, enumerators) to
/// measure. Whether each exists on a target, and every value, is the compiler's answer, not the caller's.
/// </summary>
public sealed record ProbeInput(string HeaderDirectory, string HeaderName, IReadOnlyList<ProbeRecord> Records, IReadOnlyList<string> Constants)
{
    /// <summary>Per target, the include directories the header is compiled with (the same the scanner uses).</summary>
    public required Func<string, IReadOnlyList<string>> IncludeDirsFor { get; init; }
}

/// <summary>A compiler could not measure the probe (the header itself does not compile, or a tool failed).</summary>
public sealed class ProbeFailedException(string message) : Exception(message);
