using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

[Trait(Needs.Key, Needs.Toolchain)]
public sealed class ThreadingTests
{
    private static readonly string[] Records = ["probe_inner", "probe_record", "probe_packed", "probe_aligned", "probe_uses_typedef"];

    [Fact]
    public void TwoThreadsParseAtOnceWithTheirOwnIndexes()
    {
        const int parsesPerThread = 4;
        string triple = GccLayoutProbe.Triple;
        using var start = new Barrier(2);
        var results = new List<string>[2];
        var failures = new Exception?[2];
        Thread[] threads = [.. Enumerable.Range(0, 2).Select(slot => new Thread(() =>
        {
            try
            {
                results[slot] = [];
                using var index = new ClangIndex();
                start.SignalAndWait();
                for (int i = 0; i < parsesPerThread; i++)
                {
                    using TranslationUnit unit = TranslationUnit.Parse(index, Fixture.LayoutHeader, ClangTestParse.Arguments(index, triple));
                    results[slot].Add(Describe(unit));
                }
            }
            catch (Exception ex)
            {
                failures[slot] = ex;
            }
        }))];

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.All(failures, Assert.Null);
        string expected = string.Join(";", Records.Select(r => $"{r}:{GccLayoutProbe.Get($"size.{r}")}/{GccLayoutProbe.Get($"align.{r}")}"));
        Assert.All(results.SelectMany(r => r), description => Assert.Equal(expected, description));
        Assert.All(results, r => Assert.Equal(parsesPerThread, r.Count));
    }

    private static string Describe(TranslationUnit unit) =>
        string.Join(";", Records.Select(r =>
        {
            ClangType type = unit.Find(CursorKind.StructDecl, r).Type;
            return $"{r}:{type.SizeOf}/{type.AlignOf}";
        }));
}
