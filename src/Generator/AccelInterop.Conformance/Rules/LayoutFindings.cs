using AccelInterop.Conformance.Layout;

namespace AccelInterop.Conformance.Rules;

/// <summary>Turns the layout oracle's disagreements into UAPI-L001 findings (one per fact and target).</summary>
public static class LayoutFindings
{
    public static CheckFinding From(LayoutFinding f)
    {
        var what = f.Member == null ? f.Symbol : f.Symbol + "." + f.Member;
        var compiler = f.CompilerValue ?? (f.CompilerMessage != null ? "error: " + f.CompilerMessage : "unknown");
        return new CheckFinding(RuleCatalog.LayoutMismatch, f.Symbol, f.Member,
            $"{what}: {Describe(f.Kind)} is {f.ModelValue} in the model but {compiler} by the compiler",
            f.Location, [f.Target]);
    }

    private static string Describe(LayoutFactKind kind) => kind switch
    {
        LayoutFactKind.Size => "sizeof",
        LayoutFactKind.Align => "_Alignof",
        LayoutFactKind.Offset => "offsetof",
        LayoutFactKind.BitOffset => "bit offset",
        LayoutFactKind.BitWidth => "bit width",
        LayoutFactKind.Value => "value",
        LayoutFactKind.Type => "C type",
        LayoutFactKind.IoctlDirection => "_IOC_DIR",
        LayoutFactKind.IoctlType => "_IOC_TYPE",
        LayoutFactKind.IoctlNumber => "_IOC_NR",
        LayoutFactKind.IoctlSize => "_IOC_SIZE",
        LayoutFactKind.IoctlArgumentSize => "sizeof(argument)",
        _ => kind.ToString(),
    };
}
