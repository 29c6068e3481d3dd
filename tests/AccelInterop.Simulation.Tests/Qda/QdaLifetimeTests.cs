using System.Buffers.Binary;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Qda;
using AccelInterop.Simulation.Tests.Uapi.Qda;

namespace AccelInterop.Simulation.Tests.Qda;

/// <summary>Contexts, faults, signals and the subsystem restart (qda.md §3 steps 5–6, §4 lifetimes).</summary>
public sealed class QdaLifetimeTests
{
    private static readonly FastRpcScalars Echo = FastRpcScalars.Build(DspMethods.Echo, 1, 1);

    [Fact]
    public void S4_a_signal_during_the_wait_is_ERESTARTSYS_seen_as_EINTR_and_the_runtime_repeats_the_call()
    {
        using var rig = new QdaRig();
        Assert.True(rig.CreateSession().IsSuccess);
        byte[] input = "signal"u8.ToArray(), output = new byte[6];
        drm_qda_fastrpc_invoke_args[] args = [rig.Inline(input), rig.Inline(output)];

        rig.Kernel.Faults.Arm(QdaDriver.SignalDuringWait);
        Assert.Equal(Errno.EINTR, rig.Invoke(DspMethods.Handle, Echo, args).Error);

        // The message was sent before the wait: it still holds its context until the DSP answers it.
        Assert.Equal(1, rig.Driver.MessagesInFlight);
        Assert.Equal(1, rig.Kernel.Counts[FastRpcContext()]);
        Assert.True(rig.Kernel.RunFirmware());
        Assert.Equal(0, rig.Driver.MessagesInFlight);
        Assert.Equal(0, rig.Kernel.Counts[FastRpcContext()]);

        rig.Kernel.Faults.Arm(QdaDriver.SignalDuringWait);
        Array.Clear(output);
        Assert.Equal(0, QdaRig.Returned(rig.Invoke(DspMethods.Handle, Echo, args, once: false))); // libdrm-style retry
        Assert.Equal(input, output);
        Assert.Equal(2, rig.Kernel.Faults.Fired(QdaDriver.SignalDuringWait));
    }

    [Fact]
    public void S4_a_send_failure_and_an_allocation_failure_leave_nothing_behind()
    {
        using var rig = new QdaRig();
        Assert.True(rig.CreateSession().IsSuccess);
        byte[] input = new byte[8], output = new byte[8];
        drm_qda_fastrpc_invoke_args[] args = [rig.Inline(input), rig.Inline(output)];
        int buffers = rig.Kernel.Counts[Simulation.Drm.GemObject.BufferObjects];

        rig.Kernel.Faults.Arm(QdaDriver.SendFailure);
        Assert.Equal(Errno.EIO, rig.Invoke(DspMethods.Handle, Echo, args).Error);
        rig.Kernel.Faults.Arm(FaultPoint.AllocationFailure, skip: 1); // the context, then the payload buffer
        Assert.Equal(Errno.ENOMEM, rig.Invoke(DspMethods.Handle, Echo, args).Error);
        rig.Kernel.Faults.Arm(FaultPoint.AllocationFailure);
        Assert.Equal(Errno.ENOMEM, rig.Invoke(DspMethods.Handle, Echo, args).Error);
        Assert.Equal(buffers, rig.Kernel.Counts[Simulation.Drm.GemObject.BufferObjects]);
        Assert.Equal(0, rig.Kernel.Counts[FastRpcContext()]);
        Assert.Equal(0, QdaRig.Returned(rig.Invoke(DspMethods.Handle, Echo, args)));
    }

    [Fact]
    public void S4_imported_argument_buffers_are_held_until_the_context_ends()
    {
        using var rig = new QdaRig(simulation: new SimulationOptions { Firmware = FirmwareExecution.Inline });
        Assert.True(rig.CreateSession().IsSuccess);
        DeviceFile heap = rig.HeapBuffer(0x1000);
        byte[] output = new byte[16];
        drm_qda_fastrpc_invoke_args[] args = [new() { fd = heap.Handle.Fd, length = 16 }, rig.Inline(output)];
        rig.Kernel.Faults.Arm(QdaDriver.SignalDuringWait);
        using (rig.Kernel.HoldFirmware())
        {
            Assert.Equal(Errno.EINTR, rig.Invoke(DspMethods.Handle, Echo, args).Error);
            Assert.Equal(1, rig.Driver.MessagesInFlight);
            Assert.Equal(1, rig.Kernel.Counts[FastRpcContext()]); // the message's reference keeps it
            // GEM_CLOSE of the import's handle (closing the file would wait for the held DSP), then the fd.
            var prime = new Uapi.Drm.drm_prime_handle { fd = heap.Handle.Fd };
            Assert.True(rig.File.IoctlOnce(Uapi.Drm.Drm.DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime).IsSuccess);
            var close = new Uapi.Drm.drm_gem_close { handle = prime.handle };
            Assert.True(rig.File.IoctlOnce(Uapi.Drm.Drm.DRM_IOCTL_GEM_CLOSE, ref close).IsSuccess);
            heap.Dispose();
            Assert.Equal(1, rig.Kernel.Counts[Simulation.DmaBufs.DmaBuf.DmaBufs]); // the context still holds it
        }

        Assert.True(rig.Kernel.RunFirmware());
        Assert.Equal(0, rig.Driver.MessagesInFlight);
        Assert.Equal(0, rig.Kernel.Counts[FastRpcContext()]);
        Assert.Equal(0, rig.Kernel.Counts[Simulation.DmaBufs.DmaBuf.DmaBufs]);
    }

    [Fact]
    public void S4_a_DSP_crash_during_100_concurrent_invocations_from_4_threads_fails_them_cleanly_and_the_device_serves_new_sessions()
    {
        const int Threads = 4, Calls = 25, CallsBeforeCrash = 5;
        var kernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        QdaDriver driver = QdaDriver.CreateDevice(kernel);
        SimulatedProcess process = kernel.CreateProcess("crash");
        var created = new SysResult[Threads];
        int[][] results = [.. Enumerable.Range(0, Threads).Select(_ => new int[Calls])];
        using var ready = new CountdownEvent(Threads);
        using var go = new ManualResetEventSlim();
        Thread[] threads = new Thread[Threads];
        for (int t = 0; t < threads.Length; t++)
        {
            int thread = t;
            threads[t] = new Thread(() =>
            {
                using DeviceFile file = DeviceFile.Open(process, driver.Device.NodePath).Value;
                byte[] image = QdaRig.Image();
                using PinnedUserMemory imageMemory = process.Memory.Pin(image);
                var init = new drm_qda_init_create { filelen = (uint)image.Length, filefd = -1, file = imageMemory.Address };
                created[thread] = file.IoctlOnce(Uapi.Qda.Qda.DRM_IOCTL_QDA_REMOTE_SESSION_CREATE, ref init);
                byte[] input = new byte[64], output = new byte[64];
                var args = new drm_qda_fastrpc_invoke_args[2];
                using PinnedUserMemory inputMemory = process.Memory.Pin(input), outputMemory = process.Memory.Pin(output), argsMemory = process.Memory.Pin(args);
                args[0] = new() { ptr = inputMemory.Address, length = 64, fd = -1 };
                args[1] = new() { ptr = outputMemory.Address, length = 64, fd = -1 };
                for (int i = 0; i < Calls; i++)
                {
                    if (i == CallsBeforeCrash)
                    {
                        ready.Signal();
                        go.Wait();
                    }

                    var invoke = new drm_qda_invoke_args { handle = DspMethods.Handle, sc = Echo.Value, args = argsMemory.Address };
                    SysResult r = file.IoctlOnce(Uapi.Qda.Qda.DRM_IOCTL_QDA_REMOTE_INVOKE, ref invoke);
                    results[thread][i] = r.IsSuccess ? r.Value : -r.Error.Number;
                }
            })
            { IsBackground = true };
            threads[t].Start();
        }

        // The crash lands while every thread has a call in flight: the DSP is held while each sends
        // its next call, and the first request it takes after the hold crashes it.
        Assert.True(ready.Wait(TimeSpan.FromSeconds(60)), "the threads never got through their first calls");
        using (kernel.HoldFirmware())
        {
            kernel.Faults.Arm(QdaDriver.DspCrash);
            go.Set();
            Assert.True(SpinWait.SpinUntil(() => driver.MessagesInFlight == Threads, TimeSpan.FromSeconds(60)), "the calls never reached the DSP");
        }

        foreach (Thread thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "an invocation never returned");
        }

        Assert.All(created, r => Assert.Equal(0, QdaRig.Returned(r)));
        Assert.Equal(1, kernel.Faults.Fired(QdaDriver.DspCrash));
        foreach (int[] calls in results)
        {
            Assert.All(calls[..CallsBeforeCrash], r => Assert.Equal(DspStatus.Success, r));
            Assert.Equal(-Errno.EPIPE.Number, calls[CallsBeforeCrash]); // in flight: failed by the crash
            // Later calls: the restarted DSP has forgotten the session, or the send came while it was
            // still down (qda_rpmsg_send_msg: -ENODEV); which depends on the threads' timing.
            Assert.All(calls[(CallsBeforeCrash + 1)..], r => Assert.True(r == DspStatus.NoSession || r == -Errno.ENODEV.Number, $"unexpected result {r}"));
        }

        // The DSP's thread restarts it after the crash failed the callers, and drops a message's context
        // reference after it woke the caller (drivers/misc/fastrpc.c:fastrpc_rpmsg_callback completes,
        // then puts): the callers can be done before either.
        Assert.True(SpinWait.SpinUntil(() => driver.IsDspUp && kernel.Counts[FastRpcContext()] == 0, TimeSpan.FromSeconds(60)), "the DSP never came back");
        Assert.Equal(0, driver.MessagesInFlight);
        Assert.Equal(0, kernel.Counts[Simulation.Drm.GemObject.BufferObjects]);
        using (DeviceFile file = DeviceFile.Open(process, driver.Device.NodePath).Value)
        {
            byte[] image = QdaRig.Image(), input = "after"u8.ToArray(), output = new byte[5];
            using PinnedUserMemory imageMemory = process.Memory.Pin(image), inputMemory = process.Memory.Pin(input), outputMemory = process.Memory.Pin(output);
            var init = new drm_qda_init_create { filelen = (uint)image.Length, filefd = -1, file = imageMemory.Address };
            Assert.Equal(0, QdaRig.Returned(file.IoctlOnce(Uapi.Qda.Qda.DRM_IOCTL_QDA_REMOTE_SESSION_CREATE, ref init)));
            var args = new drm_qda_fastrpc_invoke_args[] { new() { ptr = inputMemory.Address, length = 5, fd = -1 }, new() { ptr = outputMemory.Address, length = 5, fd = -1 } };
            using PinnedUserMemory argsMemory = process.Memory.Pin(args);
            var invoke = new drm_qda_invoke_args { handle = DspMethods.Handle, sc = Echo.Value, args = argsMemory.Address };
            Assert.Equal(0, QdaRig.Returned(file.IoctlOnce(Uapi.Qda.Qda.DRM_IOCTL_QDA_REMOTE_INVOKE, ref invoke)));
            Assert.Equal(input, output);
        }

        process.Exit();
        Assert.True(SpinWait.SpinUntil(() => kernel.Counts.AllZero, TimeSpan.FromSeconds(60)), kernel.Counts.ToString());
        kernel.Shutdown();
    }

    [Fact]
    public void S4_a_crash_on_a_session_create_fails_only_that_call_and_the_session_never_exists()
    {
        // The crash can land on any request, not only on an invocation: here the process creation.
        using var rig = new QdaRig();
        rig.Kernel.Faults.Arm(QdaDriver.DspCrash);
        Assert.Equal(Errno.EPIPE, rig.CreateSession().Error);
        Assert.True(rig.Driver.IsDspUp);
        byte[] input = new byte[4], output = new byte[4];
        Assert.Equal(DspStatus.NoSession, QdaRig.Returned(rig.Invoke(DspMethods.Handle, Echo, [rig.Inline(input), rig.Inline(output)])));
        Assert.Equal(0, QdaRig.Returned(rig.CreateSession()));
        Assert.Equal(0, QdaRig.Returned(rig.Invoke(DspMethods.Handle, Echo, [rig.Inline(input), rig.Inline(output)])));
    }

    [Fact]
    public void S4_a_restart_forgets_every_process_and_old_sessions_get_the_DSPs_answer()
    {
        using var rig = new QdaRig();
        Assert.True(rig.CreateSession().IsSuccess);
        rig.Driver.RestartDsp();
        Assert.Empty(rig.Driver.Dsp.Processes);
        byte[] input = new byte[4], output = new byte[4];
        Assert.Equal(DspStatus.NoSession, rig.Invoke(DspMethods.Handle, Echo, [rig.Inline(input), rig.Inline(output)]).Value);
        Assert.True(rig.CreateSession().IsSuccess);
        Assert.Equal(0, QdaRig.Returned(rig.Invoke(DspMethods.Handle, Echo, [rig.Inline(input), rig.Inline(output)])));
    }

    [Fact]
    public void S4_deterministic_runs_replay_the_same_trace()
    {
        ulong Run()
        {
            using var rig = new QdaRig(simulation: new SimulationOptions { Seed = 7 });
            Assert.True(rig.CreateSession().IsSuccess);
            byte[] input = new byte[32], output = new byte[4];
            BinaryPrimitives.WriteUInt64LittleEndian(input, 0x0123456789ABCDEF);
            Assert.Equal(0, QdaRig.Returned(rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(DspMethods.Checksum, 1, 1), [rig.Inline(input), rig.Inline(output)])));
            rig.Driver.RestartDsp();
            return rig.Kernel.TraceDigest ^ BinaryPrimitives.ReadUInt32LittleEndian(output);
        }

        Assert.Equal(Run(), Run());
    }

    private static ObjectKind FastRpcContext() => QdaDriver.InvocationContexts;
}
