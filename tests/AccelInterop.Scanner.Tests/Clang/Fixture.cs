namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>Paths of the C fixtures copied next to the test assembly.</summary>
internal static class Fixture
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Clang", "Fixtures");

    /// <summary>The header whose layout the tests check.</summary>
    public static string LayoutHeader { get; } = Path.Combine(Directory, "layout_fixture.h");

    /// <summary>The C program that prints gcc's view of <see cref="LayoutHeader"/>.</summary>
    public static string LayoutProbeSource { get; } = Path.Combine(Directory, "layout_probe.c");

    /// <summary>The 1-based line of the first line of the layout header containing <paramref name="text"/>.</summary>
    public static int LineOf(string text)
    {
        string[] lines = File.ReadAllLines(LayoutHeader);
        int index = Array.FindIndex(lines, line => line.Contains(text, StringComparison.Ordinal));
        return index < 0 ? throw new ArgumentException($"'{text}' is not in the fixture") : index + 1;
    }
}
