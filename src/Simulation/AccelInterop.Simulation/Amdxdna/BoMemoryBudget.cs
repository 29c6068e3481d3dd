namespace AccelInterop.Simulation.Amdxdna;

/// <summary>
/// The memory one simulated device may back its BOs with. The kernel's shmem BOs get their pages
/// on first use, so a huge CREATE_BO succeeds there and fails later, when the pages are needed
/// (<c>drm_gem_shmem_get_pages</c>: -ENOMEM); the simulation backs a BO when it is created, so it
/// answers -ENOMEM at creation once the device's BOs would exceed <see cref="Limit"/>.
/// </summary>
internal sealed class BoMemoryBudget(ulong limit)
{
    private ulong _used;

    public ulong Limit { get; } = limit;

    public ulong Used => Interlocked.Read(ref _used);

    /// <summary>Takes <paramref name="bytes"/> of the budget; false (nothing taken) if they do not fit.</summary>
    public bool TryCharge(ulong bytes)
    {
        ulong seen = Interlocked.Read(ref _used);
        while (true)
        {
            if (bytes > Limit - seen)
            {
                return false;
            }

            ulong previous = Interlocked.CompareExchange(ref _used, seen + bytes, seen);
            if (previous == seen)
            {
                return true;
            }

            seen = previous;
        }
    }

    public void Uncharge(ulong bytes) => Interlocked.Add(ref _used, unchecked(0UL - bytes));
}
