using Xunit.Abstractions;

namespace AccelInterop.Emitter.Tests;

/// <summary>Every header of a synced include folder: scan (8 targets), generate, compile, layout-check (and gcc on x86_64).</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class AllDrmHeadersTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Every_drm_header_generates_compiles_and_passes_its_layout_check() => Folder("drm", requireAllScanned: true);

    /// <summary>All of include/linux (several minutes): ACCELINTEROP_ALL_LINUX=1 to run it.</summary>
    [SkippableFact]
    public void Every_scannable_linux_header_generates_compiles_and_passes_its_layout_check()
    {
        Skip.If(Environment.GetEnvironmentVariable("ACCELINTEROP_ALL_LINUX") != "1",
            "all of include/linux takes several minutes: set ACCELINTEROP_ALL_LINUX=1 to run it");
        // Some linux headers need libc (sys/time.h, int64_t) or other asm headers: the scanner
        // reports those; everything it can scan must go through the emitter.
        Folder("linux", requireAllScanned: false);
    }

    private void Folder(string folder, bool requireAllScanned)
    {
        var bindings = folder == "drm" ? HeaderFolderBindings.Drm.Value : new HeaderFolderBindings(folder);
        var compilation = bindings.Compilation;
        Assert.True(compilation.Image != null && !compilation.Problems.Any(), GeneratedCompiler.Describe(compilation.Problems));
        var assembly = GeneratedCompiler.Load(compilation.Image!);

        int records = 0, rowsChecked = 0, notBound = 0, requests = 0, gccRows = 0, notes = 0;
        foreach (var (name, model, options, result) in bindings.Emitted)
        {
            var rows = LayoutRows.Run(assembly, $"{options.Namespace}.{options.ClassName}Layout");
            Assert.True(!rows.Mismatches.Any(), $"{name}: {string.Join("; ", rows.Mismatches.Take(5))}");
            if (CLayoutProbe.Available)
            {
                var gcc = CLayoutProbe.Measure(model, rows.Checked.Select(r => r.Symbol));
                foreach (var row in rows.Checked.Where(r => gcc.ContainsKey(r.Symbol)))
                {
                    Assert.True(gcc[row.Symbol] == row.Actual, $"{name}: {row.Symbol}: C# {row.Actual}, gcc {gcc[row.Symbol]}");
                    gccRows++;
                }
            }
            records += model.Records.Count;
            rowsChecked += rows.Checked.Count;
            notBound += rows.NotBound.Count;
            requests += model.Ioctls.Count;
            notes += result.Notes.Count;
            foreach (var n in result.Notes)
            {
                output.WriteLine($"note: {n}");
            }
        }
        output.WriteLine($"include/{folder}: {bindings.Headers.Count} headers, {bindings.Emitted.Count} scanned and generated, {bindings.ScanFailures.Count} not scannable; " +
                         $"{records} records, {requests} requests, {compilation.Image!.Length} bytes compiled with 0 diagnostics; " +
                         $"{rowsChecked} layout rows equal on {CommittedUapis.HostTarget} ({gccRows} also against gcc), " +
                         $"{notBound} rows of records not bound exactly here; {notes} emitter notes (all targets)");
        foreach (var f in bindings.ScanFailures)
        {
            output.WriteLine("scan failed: " + f);
        }

        if (requireAllScanned)
        {
            Assert.Empty(bindings.ScanFailures);
        }
        // The model half ran; without gcc the comparison with a real compiler did not.
        Skip.IfNot(CLayoutProbe.Available, CLayoutProbe.Unavailable);
    }
}
