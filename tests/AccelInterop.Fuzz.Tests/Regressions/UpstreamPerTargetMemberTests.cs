namespace AccelInterop.Fuzz.Tests.Regressions;

/// <summary>
/// Issue 10 item 1 on the real uAPI headers: every upstream record whose members differ per target
/// (a byte-order or word-size <c>#if</c> in the record, or an array sized by <c>sizeof(long)</c>) is exact
/// on each target through facts, the merged model and the generated C#, or not bound there with a note.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class UpstreamPerTargetMemberTests
{
    /// <summary>The headers and records (anonymous ones through the record holding them), found by scanning for SCAN002.</summary>
    private static readonly (string Header, string[] Records)[] Cases =
    [
        ("linux/ip.h", ["struct iphdr"]),
        ("linux/aio_abi.h", ["struct iocb"]),
        ("linux/ipv6.h", ["struct ipv6hdr"]),
        ("linux/tcp.h", ["struct tcphdr"]),
        ("linux/dccp.h", ["struct dccp_hdr"]),
        ("linux/cdrom.h", ["disc_information", "track_information", "struct mrw_feature_desc", "struct request_sense",
            "struct rm_feature_desc", "struct rwrt_feature_desc"]),
        ("linux/sysinfo.h", ["struct sysinfo"]),
        ("linux/mshv.h", ["struct mshv_create_partition_v2"]),
        ("linux/ioam6.h", ["struct ioam6_trace_hdr"]),
        ("linux/erspan.h", ["struct erspan_md2"]),
        ("linux/rpl.h", ["struct ipv6_rpl_sr_hdr"]),
        ("linux/perf_event.h", ["union perf_mem_data_src", "union perf_sample_weight"]),
        ("linux/icmpv6.h", ["struct icmpv6_nd_advt", "struct icmpv6_nd_ra"]),
        ("linux/batadv_packet.h", ["struct batadv_frag_packet"]),
        ("linux/if_hippi.h", ["struct hippi_le_hdr"]),
        ("linux/if_packet.h", ["struct fanout_args"]),
        ("linux/drbd.h", ["union drbd_state"]),
        ("linux/igmp.h", ["struct igmpv3_query"]),
        ("linux/raid/md_p.h", ["struct mdp_superblock_s"]),
    ];

    [SkippableFact]
    public void Item1_upstream_records_whose_members_differ_per_target_are_exact_or_not_bound()
    {
        Running.FuzzEnvironment.SkipUnlessAvailable();
        var headers = Cases.Select(c => c.Header).ToList();
        var text = string.Concat(headers.Select(h => $"#include <{h}>\n"));
        var outcome = RegressionCase.Run(text, Cases.SelectMany(c => c.Records), scanned: headers);
        Assert.True(outcome.Mismatches.Count == 0, outcome.Describe());
        // The model keeps their own members for the targets that differ, and the C# leaves those targets out.
        Assert.True(outcome.Model.Split("\"fieldsByTarget\"").Length - 1 >= 25, "fewer records with per-target members than the headers have");
        Assert.True(outcome.Tally.NotBound > 0);
    }
}
