using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>synchronize_srcu waits for the readers that entered before it (kernel/rcu/srcutree.c), and only for them.</summary>
public sealed class SrcuTests
{
    [Fact]
    public void Synchronize_without_readers_returns_and_a_reader_that_left_does_not_hold_it()
    {
        var srcu = new Srcu();
        srcu.Synchronize();
        srcu.ReadUnlock(srcu.ReadLock());
        srcu.Synchronize();
        srcu.Synchronize(); // back in the first half of the epoch
    }

    [Fact]
    public void Synchronize_waits_for_a_reader_that_entered_before_it()
    {
        var srcu = new Srcu();
        int reader = srcu.ReadLock();
        var synchronizer = new Thread(srcu.Synchronize);
        synchronizer.Start();
        Assert.False(synchronizer.Join(100), "synchronize returned with a reader still inside");
        srcu.ReadUnlock(reader);
        Assert.True(synchronizer.Join(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Readers_in_both_halves_are_waited_for_by_the_grace_periods_that_follow_them()
    {
        var srcu = new Srcu();
        int first = srcu.ReadLock();
        var firstGrace = new Thread(srcu.Synchronize);
        firstGrace.Start();
        Assert.False(firstGrace.Join(50));
        srcu.ReadUnlock(first);
        Assert.True(firstGrace.Join(TimeSpan.FromSeconds(30)));

        // The epoch moved: this reader counts in the other half, which the next grace period waits for.
        int second = srcu.ReadLock();
        Assert.NotEqual(first, second);
        var secondGrace = new Thread(srcu.Synchronize);
        secondGrace.Start();
        Assert.False(secondGrace.Join(50), "synchronize returned with a reader of the other half inside");
        srcu.ReadUnlock(second);
        Assert.True(secondGrace.Join(TimeSpan.FromSeconds(30)));
    }
}
