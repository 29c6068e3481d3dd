namespace AccelInterop.Conformance.Rules;

/// <summary>How serious a finding is; the names are SARIF's <c>level</c> values.</summary>
public enum FindingSeverity
{
    /// <summary>Worth knowing; does not fail <c>accelgen check</c>.</summary>
    Note,
    /// <summary>A likely ABI problem; fails <c>accelgen check</c> (exit 1).</summary>
    Warning,
    /// <summary>A definite ABI problem; fails <c>accelgen check</c> (exit 1).</summary>
    Error,
}
