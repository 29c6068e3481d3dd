using AccelInterop.Model;
using AccelInterop.Model.Annotations;
using AccelInterop.Model.Serialization;

namespace AccelInterop.Emitter.Tests;

/// <summary>Bad facts files fail with the line of the mistake, so a file cannot go stale silently.</summary>
public sealed class AbiFactsReaderTests
{
    private static readonly UapiModel Xe = ModelReader.Read(File.ReadAllText(Path.Combine(RepoPaths.Models, "xe.uapi.json")));

    private static string File1(string records, string requests = "") =>
        "{\n  \"schema\": \"accelinterop-abi-facts/1\",\n  \"uapi\": \"xe\",\n  \"records\": {\n" + records + "\n  }" +
        (requests.Length > 0 ? ",\n  \"requests\": {\n" + requests + "\n  }" : "") + "\n}\n";

    [Theory]
    [InlineData("    \"drm_xe_nope\": {}", 5, "unknown record 'drm_xe_nope'")]
    [InlineData("    \"drm_xe_exec\": {\n      \"nope\": {\"kind\": \"plain\"}\n    }", 6, "unknown member 'drm_xe_exec.nope'")]
    [InlineData("    \"drm_xe_exec\": {\n      \"syncs\": {\"kind\": \"pointr\"}\n    }", 6, "unknown kind 'pointr'")]
    [InlineData("    \"drm_xe_exec\": {\n      \"syncs\": {\"kind\": \"plain\"},\n      \"syncs\": {\"kind\": \"pointer\"}\n    }", 7, "duplicate member 'syncs'")]
    [InlineData("    \"drm_xe_exec\": {\n      \"syncs\": {\"kind\": \"pointer\", \"count\": \"num_sync\"}\n    }", 6, "unknown member 'drm_xe_exec.num_sync'")]
    [InlineData("    \"drm_xe_exec\": {\n      \"syncs\": {\"kind\": \"pointer\", \"to\": \"drm_xe_snyc\"}\n    }", 6, "unknown type 'drm_xe_snyc'")]
    [InlineData("    \"drm_xe_exec\": {\n      \"exec_queue_id\": {\"kind\": \"handle\", \"of\": \"Exec Queue\"}\n    }", 6, "is not a kind name")]
    [InlineData("    \"drm_xe_exec\": {\n      \"exec_queue_id\": {\"kind\": \"handle\"}\n    }", 6, "missing member 'of'")]
    [InlineData("    \"drm_xe_gem_create\": {\n      \"flags\": {\"kind\": \"flags\", \"family\": \"DRM_XE_NO_SUCH\"}\n    }", 6, "no constant in the model is named DRM_XE_NO_SUCH_*")]
    [InlineData("    \"drm_xe_exec\": {\n      \"pad\": {\"kind\": \"zero\", \"count\": \"num_syncs\"}\n    }", 6, "unknown key 'count'")]
    public void A_bad_entry_is_an_error_at_its_line(string records, int line, string message)
    {
        var e = Assert.Throws<AbiFactsException>(() => AbiFactsReader.Read(File1(records), Xe));
        Assert.Contains(message, e.Message);
        Assert.Equal(line, e.Line);
    }

    [Fact]
    public void Requests_name_a_request_and_a_record_of_the_model()
    {
        var e = Assert.Throws<AbiFactsException>(() => AbiFactsReader.Read(File1("", "    \"DRM_IOCTL_XE_NOPE\": {\"direction\": \"read\"}"), Xe));
        Assert.Equal((8, "unknown request 'DRM_IOCTL_XE_NOPE'"), (e.Line, e.Message));
        var ok = AbiFactsReader.Read(File1("", "    \"DRM_IOCTL_XE_EXEC\": {\"direction\": \"read_write\", \"why\": \"test\"}"), Xe);
        Assert.Equal(IoctlDirection.ReadWrite, ok.Request("DRM_IOCTL_XE_EXEC")!.Direction);
    }

    [Fact]
    public void Schema_is_versioned()
    {
        var e = Assert.Throws<AbiFactsException>(() => AbiFactsReader.Read("{\"schema\": \"accelinterop-abi-facts/0\", \"uapi\": \"xe\"}", Xe));
        Assert.Contains("accelinterop-abi-facts/1", e.Message);
    }

    [Fact]
    public void Anonymous_members_are_named_under_their_record()
    {
        // drm_xe_sync's handle and addr sit in an anonymous union.
        var facts = AbiFactsReader.Read(File1("    \"drm_xe_sync\": {\n      \"addr\": {\"kind\": \"pointer\"}\n    }"), Xe);
        Assert.True(facts.For("drm_xe_sync", "addr")!.IsUserPointer);
    }
}
