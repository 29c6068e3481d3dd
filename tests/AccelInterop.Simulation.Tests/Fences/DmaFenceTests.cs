using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Fences;

namespace AccelInterop.Simulation.Tests.Fences;

/// <summary>dma_fence rules of drm-core.md §6 and ring-fence.md §4.</summary>
public sealed class DmaFenceTests
{
    private static DmaFenceContext NewContext(bool use64BitSeqno = false) => new("test", "ring0", use64BitSeqno);

    [Fact]
    public void Contexts_are_distinct_and_seqnos_count_up_from_the_first()
    {
        DmaFenceContext a = NewContext(), b = NewContext();
        Assert.NotEqual(a.Id, b.Id);
        var fromZero = new DmaFenceContext("test", "seq-from-0", firstSeqno: 0);
        Assert.Equal([0UL, 1UL, 2UL], new[] { fromZero.NextSeqno(), fromZero.NextSeqno(), fromZero.NextSeqno() });
    }

    [Fact]
    public void Spec6_32bit_seqno_order_survives_wrapping()
    {
        DmaFenceContext context = NewContext();
        Assert.True(context.IsLater(2, 1));
        Assert.False(context.IsLater(1, 2));
        Assert.False(context.IsLater(5, 5));
        // 0xFFFFFF81 is xe's initial seqno (ring-fence.md §3): 127 jobs later the counter wraps.
        Assert.True(context.IsLater(0x00000001, 0xFFFFFF81));
        Assert.False(context.IsLater(0xFFFFFF81, 0x00000001));
    }

    [Fact]
    public void Spec6_64bit_seqnos_compare_as_plain_numbers()
    {
        DmaFenceContext context = NewContext(use64BitSeqno: true);
        Assert.True(context.IsLater(0x1_0000_0000, 0xFFFF_FFFF));
        Assert.False(context.IsLater(0x00000001, 0xFFFFFF81));
    }

    [Fact]
    public void Spec6_a_fence_signals_once()
    {
        var fence = new DmaFence(NewContext(), 1);
        var callback = new RecordingCallback(1);
        Assert.Equal(0, fence.AddCallback(callback));

        Assert.False(fence.CheckAndSignal());
        fence.Signal();
        Assert.True(fence.CheckAndSignal());

        Assert.True(fence.IsSignaled);
        Assert.Equal(1, callback.Runs);
    }

    [Fact]
    public void Spec6_status_is_pending_then_signalled_or_the_error()
    {
        var ok = new DmaFence(NewContext(), 1);
        Assert.Equal(0, ok.Status);
        ok.Signal();
        Assert.Equal(1, ok.Status);

        var failed = new DmaFence(NewContext(), 1);
        failed.SetError(Errno.EIO.ToKernelReturn());
        Assert.Equal(0, failed.Status); // the error shows only once signalled
        failed.Signal();
        Assert.Equal(Errno.EIO.ToKernelReturn(), failed.Status);
    }

    [Fact]
    public void Spec6_the_error_goes_in_before_the_signal_and_is_a_negative_errno()
    {
        var fence = new DmaFence(NewContext(), 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => fence.SetError(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => fence.SetError(Errno.EIO.Number));
        fence.Signal();
        Assert.Throws<InvalidOperationException>(() => fence.SetError(Errno.EIO.ToKernelReturn()));
        Assert.Equal(1, fence.Status);
    }

    [Fact]
    public void Spec6_callbacks_run_once_in_registration_order_seeing_the_signalled_status()
    {
        var fence = new DmaFence(NewContext(), 1);
        var log = new List<(int, int)>();
        var callbacks = Enumerable.Range(1, 5).Select(i => new RecordingCallback(i, log)).ToArray();
        foreach (RecordingCallback callback in callbacks)
        {
            Assert.Equal(0, fence.AddCallback(callback));
        }

        fence.SetError(Errno.ETIME.ToKernelReturn());
        fence.Signal();
        fence.Signal();

        int error = Errno.ETIME.ToKernelReturn();
        Assert.Equal([(1, error), (2, error), (3, error), (4, error), (5, error)], log);
        Assert.All(callbacks, callback => Assert.False(callback.IsPending));
    }

    [Fact]
    public void Spec6_adding_a_callback_to_a_signalled_fence_is_enoent_and_queues_nothing()
    {
        var fence = new DmaFence(NewContext(), 1);
        fence.Signal();
        var callback = new RecordingCallback(1);

        Assert.Equal(-ErrnoNumber("ENOENT"), fence.AddCallback(callback));
        Assert.False(callback.IsPending);
        Assert.Equal(0, callback.Runs);
    }

    [Fact]
    public void Spec6_remove_callback_reports_whether_it_was_still_pending()
    {
        var fence = new DmaFence(NewContext(), 1);
        var removed = new RecordingCallback(1);
        var kept = new RecordingCallback(2);
        fence.AddCallback(removed);
        fence.AddCallback(kept);

        Assert.True(fence.RemoveCallback(removed));
        Assert.False(fence.RemoveCallback(removed));
        fence.Signal();

        Assert.Equal(0, removed.Runs);
        Assert.Equal(1, kept.Runs);
        Assert.False(fence.RemoveCallback(kept));
    }

    [Fact]
    public void A_callback_node_is_reusable_once_it_has_run()
    {
        var callback = new RecordingCallback(1);
        var first = new DmaFence(NewContext(), 1);
        var second = new DmaFence(NewContext(), 1);
        first.AddCallback(callback);
        Assert.Throws<InvalidOperationException>(() => second.AddCallback(callback));
        first.Signal();
        Assert.Equal(0, second.AddCallback(callback));
        second.Signal();
        Assert.Equal(2, callback.Runs);
    }

    [Fact]
    public void Spec6_wait_timeout_rules()
    {
        var fence = new DmaFence(NewContext(), 1);
        Assert.Equal(-ErrnoNumber("EINVAL"), fence.WaitTimeout(-1));
        Assert.Equal(0, fence.WaitTimeout(0));                 // poll, pending
        Assert.Equal(0, fence.WaitTimeout(1_000_000));         // 1 ms, nobody signals
        fence.Signal();
        Assert.Equal(1, fence.WaitTimeout(0));                 // poll, signalled
        Assert.True(fence.WaitTimeout(1_000_000) >= 1);        // remaining time, at least 1
    }

    [Fact]
    public async Task Spec6_a_waiter_wakes_when_another_thread_signals()
    {
        var fence = new DmaFence(NewContext(), 1);
        long timeout = 30_000_000_000; // 30 s: only reached if the wake-up is lost
        var waiter = Task.Run(() => fence.WaitTimeout(timeout));
        await Task.Delay(20);
        fence.Signal();
        long left = await waiter;
        Assert.InRange(left, 1, timeout);
    }

    [Fact]
    public void Spec6_references_release_at_zero_and_the_context_counts_live_fences()
    {
        DmaFenceContext context = NewContext();
        var fence = new DmaFence(context, context.NextSeqno());
        Assert.Equal(1, fence.ReferenceCount);
        Assert.Equal(1, context.LiveFences);

        fence.Get();
        fence.Signal();
        fence.Put();
        Assert.Equal(1, context.LiveFences);
        fence.Put();

        Assert.Equal(0, context.LiveFences);
        Assert.Equal(0, context.ReleasedWithPendingSignals);
        Assert.Throws<InvalidOperationException>(() => fence.Get());
    }

    [Fact]
    public void Releasing_an_unsignalled_fence_with_callbacks_warns_and_signals_edeadlk()
    {
        // dma-fence.c:dma_fence_release (read in linux-source-7.2 7.2.13): WARN "released with
        // pending signals", then the fence is signalled with -EDEADLK so callbacks are not left hanging.
        DmaFenceContext context = NewContext();
        var fence = new DmaFence(context, 1);
        var log = new List<(int, int)>();
        fence.AddCallback(new RecordingCallback(1, log));

        fence.Put();

        Assert.Equal(1, context.ReleasedWithPendingSignals);
        Assert.Equal([(1, -ErrnoNumber("EDEADLK"))], log);
        Assert.Equal(0, context.LiveFences);
    }

    [Fact]
    public void The_callback_and_signal_path_allocates_nothing()
    {
        DmaFenceContext context = NewContext();
        var callback = new RecordingCallback(1);
        var fences = Enumerable.Range(0, 1000).Select(i => new DmaFence(context, (ulong)i)).ToArray();
        fences[0].AddCallback(callback);
        fences[0].Signal();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < fences.Length; i++)
        {
            fences[i].Get();
            fences[i].AddCallback(callback);
            fences[i].Signal();
            fences[i].AddCallback(callback);
            fences[i].Put();
            fences[i].Put();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(fences.Length, callback.Runs);
    }

    private static int ErrnoNumber(string name) => AccelInterop.Runtime.Tests.Support.ErrnoHeader.ByName[name];
}
