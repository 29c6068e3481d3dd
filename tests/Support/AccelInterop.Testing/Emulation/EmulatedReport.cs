namespace AccelInterop.Testing.Emulation;

/// <summary>What a report method returned on an emulated architecture (<see cref="EmulatedLayoutCheck.Report"/>): its text, or the exception it threw.</summary>
public sealed record EmulatedReport(string? Text, string? Exception, TimeSpan Elapsed);
