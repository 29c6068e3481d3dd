using System.Diagnostics;

namespace AccelInterop.Storm.Tests;

/// <summary>
/// Runs a storm program and checks what a kernel promises: no call throws, no call outlives its
/// deadline, no kernel write lands outside user memory, and once every process has exited every
/// object count (open files and live fences included) is back to zero.
/// </summary>
internal sealed class StormRunner(StormStats stats)
{
    /// <summary>
    /// How much longer than the longest timeout a call may take: generous, for a shared 2-core
    /// machine under load; a call that hangs is stuck for good, not for seconds.
    /// </summary>
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Deadline = TimeSpan.FromTicks(StormArguments.MaxTimeoutNanoseconds / 100) + Slack;

    /// <summary>The failures of one run of <paramref name="program"/>; empty when it held.</summary>
    public List<string> Run(StormProgram program)
    {
        stats.Program();
        var failures = new List<string>();
        using var world = new StormWorld(program);
        if (program.Deterministic)
        {
            foreach (StormCall call in program.Calls)
            {
                RunOne(world, call, failures);
            }
        }
        else if (!RunThreaded(world, program, failures))
        {
            return failures; // a hung call: the world cannot be torn down under it
        }

        world.ExitAll();
        CheckAfterExit(world, failures);
        stats.Faults(world.Kernel.Faults.Report.Sum(f => (long)f.Fired));
        return failures;
    }

    private void RunOne(StormWorld world, StormCall call, List<string> failures)
    {
        long start = Stopwatch.GetTimestamp();
        string label = call.Op.ToString();
        try
        {
            label = StormCaller.Run(world, call, stats);
        }
        catch (Exception e)
        {
            stats.Exception();
            lock (failures)
            {
                failures.Add($"{call}: {e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}");
            }
        }

        TimeSpan took = Stopwatch.GetElapsedTime(start);
        if (took > Deadline)
        {
            stats.Hang();
            lock (failures)
            {
                failures.Add($"{call} ({label}): took {took.TotalMilliseconds:0} ms, deadline {Deadline.TotalMilliseconds:0} ms");
            }
        }

        StormProcess p = world[call.Process];
        if (!p.GuardIntact)
        {
            lock (failures)
            {
                failures.Add($"{call}: the kernel wrote past the process's registered memory");
            }

            p.RestoreGuard();
        }
    }

    /// <summary>Each of the 8 threads runs its own calls in order; a watchdog reports a call that never returns.</summary>
    private bool RunThreaded(StormWorld world, StormProgram program, List<string> failures)
    {
        int workers = StormProgram.Processes * StormProgram.ThreadsPerProcess;
        var current = new StormCall?[workers];
        var started = new long[workers];
        var barrier = new Barrier(workers);
        var threads = new Thread[workers];
        for (int w = 0; w < workers; w++)
        {
            int worker = w;
            StormCall[] mine = [.. program.Calls.Where(c => c.Process * StormProgram.ThreadsPerProcess + c.Thread == worker)];
            threads[w] = new Thread(() =>
            {
                barrier.SignalAndWait();
                foreach (StormCall call in mine)
                {
                    Volatile.Write(ref started[worker], Stopwatch.GetTimestamp());
                    current[worker] = call;
                    RunOne(world, call, failures);
                }

                current[worker] = null;
            })
            { IsBackground = true, Name = $"storm p{w / 2}.t{w % 2}" };
            threads[w].Start();
        }

        while (!threads.All(t => t.Join(50)))
        {
            for (int w = 0; w < workers; w++)
            {
                if (current[w] is StormCall call && threads[w].IsAlive && Stopwatch.GetElapsedTime(Volatile.Read(ref started[w])) > Deadline * 2)
                {
                    stats.Hang();
                    lock (failures)
                    {
                        failures.Add($"{call}: still running after {(Deadline * 2).TotalSeconds:0} s (hang)");
                    }

                    return false;
                }
            }
        }

        return true;
    }

    private static void CheckAfterExit(StormWorld world, List<string> failures)
    {
        foreach (StormProcess p in world.EveryProcess)
        {
            if (p.Process.OpenDescriptorCount != 0 || p.Process.MappingCount != 0)
            {
                failures.Add($"{p.Process} kept {p.Process.OpenDescriptorCount} fds and {p.Process.MappingCount} mappings after exit");
            }
        }

        // Threaded firmware retires its last jobs on its own threads: give it a moment, then require zero.
        var wait = Stopwatch.StartNew();
        while (!world.Kernel.Counts.AllZero && wait.Elapsed < Slack)
        {
            if (world.Kernel.IsFirmwareInline)
            {
                world.Kernel.RunFirmware();
            }

            Thread.Sleep(1);
        }

        if (!world.Kernel.Counts.AllZero)
        {
            failures.Add($"counts after every process exited: {world.Kernel.Counts}");
        }
    }
}
