namespace AccelInterop.Simulation.Kernel;

/// <summary>A registered user-memory range; disposing it makes pointers into it fault again.</summary>
public sealed class UserMemoryRegistration : IDisposable
{
    private UserMemory? _owner;

    internal UserMemoryRegistration(UserMemory owner, ulong address, nuint length)
    {
        _owner = owner;
        Address = address;
        Length = length;
    }

    public ulong Address { get; }
    public nuint Length { get; }

    public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Remove(this);
}
