using AccelInterop.Fuzz.Tests.Generation;
using AccelInterop.Fuzz.Tests.Running;
using AccelInterop.Fuzz.Tests.Shrinking;

namespace AccelInterop.Fuzz.Tests.SelfTests;

/// <summary>The shrinker on a predicate that needs no compiler, and the exclusion list's own rules.</summary>
public sealed class ShrinkerTests
{
    [Fact]
    public void A_header_shrinks_to_the_one_member_a_predicate_needs()
    {
        var header = HeaderGenerator.Generate(11, FeatureSet.All, 40);
        static bool HasWideBitfield(IEnumerable<Member> members) => members.Any(m => m switch
        {
            BitfieldMember { Name: not null, Width: >= 5 } => true,
            NestedMember n => HasWideBitfield(n.Body.Members),
            ConditionalMember c => HasWideBitfield(c.Then) || HasWideBitfield(c.Else),
            _ => false,
        });
        bool Reproduces(CHeader h) => h.Records.Any(r => HasWideBitfield(r.Body.Members));
        Assert.True(Reproduces(header));

        var result = Shrinker.Shrink(header, Reproduces, 5000, TimeSpan.FromMinutes(1));

        Assert.False(result.BudgetSpent);
        var record = Assert.IsType<RecordDecl>(Assert.Single(result.Header.Decls));
        var member = Assert.Single(record.Body.Members);
        // The bitfield itself, possibly still inside the nesting it was found in.
        while (member is NestedMember n)
        {
            member = Assert.Single(n.Body.Members);
        }

        Assert.True(member is BitfieldMember { Width: >= 5 } || member is ConditionalMember, HeaderWriter.Write(result.Header));
    }

    [Fact]
    public void Every_exclusion_names_the_issue_10_item_it_waits_for()
    {
        Assert.Equal(WaitingForIssue10.Excluded.Count, WaitingForIssue10.Excluded.Select(e => e.Feature).Distinct().Count());
        foreach (var (feature, item) in WaitingForIssue10.Excluded)
        {
            Assert.Matches(@"^item [1-7]\b", item);
            Assert.DoesNotContain(feature, WaitingForIssue10.SuiteFeatures.Enabled);
        }
        // What is not excluded is fuzzed (with every item fixed, that is every feature).
        Assert.Equal(FeatureSet.All.Enabled.Count, WaitingForIssue10.SuiteFeatures.Enabled.Count + WaitingForIssue10.Excluded.Count);
    }
}
