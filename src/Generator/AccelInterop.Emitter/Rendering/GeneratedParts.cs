namespace AccelInterop.Emitter.Rendering;

/// <summary>
/// The generated files of a uAPI, in order: <c>&lt;class name&gt;.&lt;part&gt;.g.cs</c>, each rendered
/// by the frame template of the same name. Apart from <see cref="Templates"/> so that joining
/// precompiled text never loads the template engine.
/// </summary>
internal static class GeneratedParts
{
    public static readonly string[] Names = { "Types", "Constants", "Ioctls", "Layout" };

    public const int Types = 0;
    public const int Constants = 1;
    public const int Ioctls = 2;
    public const int Layout = 3;
}
