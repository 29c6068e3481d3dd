namespace AccelInterop.Simulation.Kernel;

/// <summary>The live count of one <see cref="ObjectKind"/> in one kernel; code that creates and frees such objects keeps it.</summary>
public sealed class ObjectCounter
{
    private int _value;

    internal ObjectCounter(ObjectKind kind) => Kind = kind;

    public ObjectKind Kind { get; }

    public int Value => Volatile.Read(ref _value);

    public void Add(int delta) => Interlocked.Add(ref _value, delta);

    public override string ToString() => $"{Kind.Name} {Value}";
}
