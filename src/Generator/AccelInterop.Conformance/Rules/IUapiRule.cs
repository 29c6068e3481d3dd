namespace AccelInterop.Conformance.Rules;

/// <summary>One ioctl design rule: reads the model through a <see cref="RuleContext"/>, yields findings.</summary>
public interface IUapiRule
{
    RuleDescriptor Descriptor { get; }

    IEnumerable<CheckFinding> Check(RuleContext context);
}
