namespace AccelInterop.Fuzz.Tests.Paths;

/// <summary>The source of <c>AccelInterop.FuzzReport.GeneratedReport</c>, built together with the generated bindings.</summary>
public static class GeneratedReportSource
{
    public const string FileName = "GeneratedReport.cs";

    /// <summary>The report's type, whose <c>public static string Run(string ns)</c> the runners call.</summary>
    public const string TypeName = "AccelInterop.FuzzReport.GeneratedReport";

    public static string Text { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(GeneratedReportSource).Assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"{FileName} is not embedded");
        return new StreamReader(stream).ReadToEnd();
    }
}
