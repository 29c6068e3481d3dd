namespace AccelInterop.Emitter.Selection;

/// <summary>
/// Accessibility of the generated top-level types (<see cref="EmitterOptions.Visibility"/>; the
/// templates spell it). Members stay public, which internal types make internal. Shared by
/// <c>accelgen generate --visibility</c> and the source generator so both give the same bytes.
/// </summary>
public static class Visibility
{
    public const string Public = "public";
    public const string Internal = "internal";

    public static bool IsKnown(string visibility) => visibility == Public || visibility == Internal;
}
