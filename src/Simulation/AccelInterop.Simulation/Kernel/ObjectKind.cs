namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// A kind of kernel object that a simulated kernel counts while instances live (GEM objects,
/// fences, hardware contexts, ...). Declared once, as a static field, by the kernel core or by the
/// driver that owns the objects; each kernel keeps its own count (<see cref="ObjectCounts"/>).
/// </summary>
public sealed class ObjectKind(string name)
{
    /// <summary>How the counts name it, e.g. <c>fences</c> or <c>amdxdna hwctx</c>.</summary>
    public string Name { get; } = name;

    public override string ToString() => Name;
}
