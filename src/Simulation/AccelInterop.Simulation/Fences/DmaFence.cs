using System.Diagnostics;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Fences;

/// <summary>
/// A dma_fence: one point on a <see cref="DmaFenceContext"/> that signals exactly once,
/// optionally with an error set beforehand, running its queued callbacks in registration order
/// when it does. Reference counted like the kernel's (the creator holds the first reference);
/// subclasses get <see cref="OnReleased"/> at zero (e.g. to return to a pool). Methods return
/// kernel-style ints (0 or <c>-errno</c>) where the kernel function does. The fence is its own
/// lock; the signalled test is lock-free.
/// </summary>
public class DmaFence : KRef<DmaFence>
{
    /// <summary>dma_fences of every context created on a kernel's devices.</summary>
    public static readonly ObjectKind Fences = new("fences");

    private const int SignaledBit = 1;
    private int _flags;
    private int _error;
    private int _waiters;
    private DmaFenceCallback? _head;
    private DmaFenceCallback? _tail;

    public DmaFence(DmaFenceContext context, ulong seqno)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        Seqno = seqno;
        context.FenceCreated(this);
    }

    public DmaFenceContext Context { get; }

    // The kernel's list of unsignalled fences (UnsignaledFences) is threaded through these, under its lock.
    internal DmaFence? PendingPrevious;
    internal DmaFence? PendingNext;
    internal bool IsListedPending;
    internal long CreatedNanoseconds;
    public ulong Seqno { get; private set; }

    public bool IsSignaled => (Volatile.Read(ref _flags) & SignaledBit) != 0;

    /// <summary>The error set before signalling (negative errno), 0 if none.</summary>
    public int Error => Volatile.Read(ref _error);

    /// <summary><c>dma_fence_get_status</c>: 0 pending, 1 signalled without error, the negative errno otherwise.</summary>
    public int Status => !IsSignaled ? 0 : Error < 0 ? Error : 1;

    /// <summary>
    /// dma_fence_set_error: must come before the signal and be a negative errno. The kernel
    /// WARNs on misuse and stores the value anyway; the simulation treats misuse as a bug in
    /// the driver model and throws instead.
    /// </summary>
    public void SetError(int error)
    {
        if (error >= 0 || error < -4095)
        {
            throw new ArgumentOutOfRangeException(nameof(error), error, "a fence error is a negative errno");
        }

        lock (this)
        {
            if (IsSignaled)
            {
                throw new InvalidOperationException($"{this}: error set after signalling");
            }

            _error = error;
        }
    }

    /// <summary>dma_fence_signal: signals once; later calls do nothing.</summary>
    public void Signal() => CheckAndSignal();

    /// <summary>dma_fence_check_and_signal: signals, reporting whether the fence was already signalled.</summary>
    public bool CheckAndSignal()
    {
        if (IsSignaled)
        {
            return true;
        }

        lock (this)
        {
            return SignalLocked();
        }
    }

    /// <summary>
    /// dma_fence_add_callback: queues <paramref name="callback"/> to run at signal time and
    /// returns 0; on an already-signalled fence returns -ENOENT and queues nothing (the caller
    /// does the work itself).
    /// </summary>
    public int AddCallback(DmaFenceCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (IsSignaled)
        {
            return -ENOENT;
        }

        lock (this)
        {
            if (IsSignaled)
            {
                return -ENOENT;
            }

            if (callback.QueuedOn is not null)
            {
                throw new InvalidOperationException("the callback node is already queued on a fence");
            }

            callback.QueuedOn = this;
            callback.Previous = _tail;
            callback.Next = null;
            if (_tail is null)
            {
                _head = callback;
            }
            else
            {
                _tail.Next = callback;
            }

            _tail = callback;
            return 0;
        }
    }

    /// <summary>dma_fence_remove_callback: unqueues it; true if it was still pending (so it will not run).</summary>
    public bool RemoveCallback(DmaFenceCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (this)
        {
            if (!ReferenceEquals(callback.QueuedOn, this))
            {
                return false;
            }

            Unlink(callback);
            return true;
        }
    }

    /// <summary>
    /// dma_fence_wait_timeout with the timeout in nanoseconds instead of jiffies: negative is
    /// -EINVAL; 0 polls (1 if signalled, else 0); otherwise the time left (at least 1) once
    /// signalled, or 0 when the time ran out.
    /// </summary>
    public long WaitTimeout(long timeoutNanoseconds)
    {
        if (timeoutNanoseconds < 0)
        {
            return -EINVAL;
        }

        if (IsSignaled)
        {
            return Math.Max(1, timeoutNanoseconds);
        }

        if (timeoutNanoseconds == 0)
        {
            return 0;
        }

        long start = Stopwatch.GetTimestamp();
        lock (this)
        {
            _waiters++;
            try
            {
                while (!IsSignaled)
                {
                    long left = timeoutNanoseconds - ElapsedNanoseconds(start);
                    if (left <= 0)
                    {
                        return 0;
                    }

                    Monitor.Wait(this, ScheduleTimeout.Slice(left)); // schedule_timeout: any 64-bit timeout, in slices
                }
            }
            finally
            {
                _waiters--;
            }
        }

        return Math.Max(1, timeoutNanoseconds - ElapsedNanoseconds(start));
    }

    public override string ToString() => $"fence {Context.DriverName}:{Context.TimelineName}:{Context.Id}:{Seqno}";

    /// <summary>Runs when the last reference is gone, after the context has counted the release.</summary>
    protected virtual void OnReleased()
    {
    }

    /// <summary>
    /// Makes a released fence new again, as the next point <paramref name="seqno"/> of the same
    /// context, with one reference: lets a pool keep the per-command path allocation-free
    /// (fences from a typesafe-by-RCU slab are reused the same way in the kernel). Whoever
    /// still holds a stale pointer must not use it, as with any released fence.
    /// </summary>
    protected void Reinitialize(ulong seqno)
    {
        Revive();
        lock (this)
        {
            Seqno = seqno;
            _error = 0;
            _head = _tail = null;
            Volatile.Write(ref _flags, 0);
        }

        Context.FenceCreated(this);
    }

    private bool SignalLocked()
    {
        if (IsSignaled)
        {
            return true;
        }

        Volatile.Write(ref _flags, _flags | SignaledBit);
        Context.FenceDone(this);
        DmaFenceCallback? callback = _head;
        _head = _tail = null;
        while (callback is not null)
        {
            DmaFenceCallback? next = callback.Next;
            callback.Previous = callback.Next = null;
            Volatile.Write(ref callback.QueuedOn, null);
            callback.Invoke(this);
            callback = next;
        }

        if (_waiters > 0)
        {
            Monitor.PulseAll(this);
        }

        return false;
    }

    // dma_fence_release: a fence dropped unsignalled with callbacks queued is a kernel WARN;
    // the kernel then signals it with -EDEADLK so nobody waits forever.
    protected sealed override void Release()
    {
        bool pendingSignals;
        lock (this)
        {
            pendingSignals = !IsSignaled && _head is not null;
            if (pendingSignals)
            {
                _error = -EDEADLK;
                SignalLocked();
            }
        }

        Context.FenceDone(this);
        Context.FenceReleased(pendingSignals);
        OnReleased();
    }

    private void Unlink(DmaFenceCallback callback)
    {
        if (callback.Previous is null)
        {
            _head = callback.Next;
        }
        else
        {
            callback.Previous.Next = callback.Next;
        }

        if (callback.Next is null)
        {
            _tail = callback.Previous;
        }
        else
        {
            callback.Next.Previous = callback.Previous;
        }

        callback.Previous = callback.Next = null;
        callback.QueuedOn = null;
    }

    private static long ElapsedNanoseconds(long start) => (long)(Stopwatch.GetElapsedTime(start).Ticks * 100);
}
