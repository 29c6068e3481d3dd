using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Qda;

/// <summary>
/// The kernel's end of the RPMsg channel to the DSP (<c>qda_rpmsg.c</c>): sends a request, and
/// on the DSP's answer {ctx, retval} completes the context still registered under that id. Every
/// message sent is in flight until answered or failed, exactly once: when the DSP goes down
/// (a crash, a subsystem restart) every message in flight fails, as
/// <c>drivers/misc/fastrpc.c:fastrpc_notify_users</c> fails pending calls with -EPIPE.
/// </summary>
internal sealed class QdaTransport(SimulatedKernel kernel, Func<uint, FastRpcContext?> lookup)
{
    private readonly Lock _lock = new();
    private readonly HashSet<QdaMessage> _inFlight = [];
    private readonly Queue<QdaMessage> _queue = new();
    private bool _down;

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>rpmsg_send: queued for the DSP (the message takes a context reference), or -ENODEV while the DSP is down.</summary>
    public int Send(QdaMessage message)
    {
        lock (_lock)
        {
            if (_down)
            {
                return -ENODEV;
            }

            message.Context.Get();
            _inFlight.Add(message);
            _queue.Enqueue(message);
            return 0;
        }
    }

    /// <summary>The DSP takes the next request.</summary>
    public QdaMessage? Receive()
    {
        lock (_lock)
        {
            return _queue.TryDequeue(out QdaMessage? message) ? message : null;
        }
    }

    /// <summary>Whether the DSP is down: from <see cref="Down"/> until <see cref="Up"/>.</summary>
    public bool IsDown
    {
        get
        {
            lock (_lock)
            {
                return _down;
            }
        }
    }

    public bool HasQueued
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count > 0;
            }
        }
    }

    /// <summary>The DSP's answer: completes the context the id still names (a caller that gave up left none), then drops the in-flight reference.</summary>
    public void Answer(QdaMessage message, int retval)
    {
        lock (_lock)
        {
            if (!_inFlight.Remove(message))
            {
                return; // failed by a restart meanwhile
            }
        }

        Finish(message, retval);
    }

    /// <summary>The DSP went down: sends fail with -ENODEV until <see cref="Up"/>; every message in flight fails with <paramref name="error"/>.</summary>
    public void Down(int error)
    {
        List<QdaMessage> failed;
        lock (_lock)
        {
            _down = true;
            failed = [.. _inFlight];
            _inFlight.Clear();
            _queue.Clear();
        }

        foreach (QdaMessage message in failed)
        {
            Finish(message, error);
        }
    }

    public void Up()
    {
        lock (_lock)
        {
            _down = false;
        }
    }

    private void Finish(QdaMessage message, int retval)
    {
        FastRpcContext context = message.Context;
        if (ReferenceEquals(lookup((uint)(message.WireContext >> 4)), context))
        {
            context.Complete(retval);
            kernel.FenceWakeup.WakeUpAll();
        }

        context.Put();
    }
}
