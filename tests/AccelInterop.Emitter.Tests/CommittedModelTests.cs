using AccelInterop.Cli;

namespace AccelInterop.Emitter.Tests;

/// <summary>headers/models must be what a fresh scan of the synced headers gives (regenerate: ./accelgen scan --out headers/models).</summary>
public sealed class CommittedModelTests
{
    [Fact]
    public void Committed_models_equal_a_fresh_scan_of_the_synced_headers()
    {
        var dir = Directory.CreateTempSubdirectory("accelinterop-models-").FullName;
        try
        {
            var stderr = new StringWriter();
            var exit = AccelgenApp.Run(["scan", "--out", dir], new StringWriter(), stderr);
            Assert.True(exit == 0, stderr.ToString());
            foreach (var name in RepoPaths.Uapis)
            {
                var committed = File.ReadAllText(Path.Combine(RepoPaths.Models, name + ".uapi.json"));
                var fresh = File.ReadAllText(Path.Combine(dir, name + ".uapi.json"));
                Assert.True(committed == fresh, $"headers/models/{name}.uapi.json differs from a fresh scan; run ./accelgen scan --out headers/models");
            }
            Assert.Equal(RepoPaths.Uapis.Length, Directory.GetFiles(RepoPaths.Models, "*.uapi.json").Length);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
