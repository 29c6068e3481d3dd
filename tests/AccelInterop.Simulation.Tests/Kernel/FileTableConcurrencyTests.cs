using System.Collections.Concurrent;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Drm;
using static AccelInterop.Simulation.Tests.Drm.DrmRig;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>Descriptor lookups racing close and reuse of the same number: a call reaches a live file or fails with EBADF.</summary>
public sealed class FileTableConcurrencyTests
{
    [Fact]
    public async Task Ioctls_racing_close_and_reopen_see_a_live_file_or_ebadf()
    {
        var rig = new DrmRig();
        SimulatedProcess process = rig.Kernel.CreateProcess();
        Assert.Equal(0, process.Open(rig.AccelPath, OpenFlags.ReadWrite).Value);
        ulong echo = Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 16);
        var unexpected = new ConcurrentBag<Errno>();
        using var stop = new CancellationTokenSource();

        Task[] workers = [.. Enumerable.Range(0, 3).Select(_ => Task.Run(() => Hammer(process, echo, unexpected, stop.Token)))];
        for (int i = 0; i < 2000; i++)
        {
            Assert.True(process.Close(0).IsSuccess);
            Assert.Equal(0, process.Open(rig.AccelPath, OpenFlags.ReadWrite).Value);
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        process.Close(0);

        Assert.Empty(unexpected);
        Assert.Equal(0, rig.Driver.ReleasedFileCalls);
        Assert.Equal(0, rig.Device.OpenFiles);
        Assert.Equal(rig.Driver.Opens, rig.Driver.Postcloses);
    }

    private static unsafe void Hammer(SimulatedProcess process, ulong command, ConcurrentBag<Errno> unexpected, CancellationToken stop)
    {
        byte* buffer = stackalloc byte[16];
        while (!stop.IsCancellationRequested)
        {
            SysResult result = process.Ioctl(0, command, buffer, 16);
            if (!result.IsSuccess && result.Error != Errno.EBADF)
            {
                unexpected.Add(result.Error);
            }
        }
    }
}
