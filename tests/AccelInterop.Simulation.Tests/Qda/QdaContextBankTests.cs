using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Qda;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using AccelInterop.Simulation.Tests.Uapi.Qda;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Qda.Qda;

namespace AccelInterop.Simulation.Tests.Qda;

/// <summary>Context banks bound lazily per pid, shared by its files, -ENOMEM when none is free (qda.md §2).</summary>
public sealed class QdaContextBankTests
{
    [Fact]
    public void S2_two_files_of_one_process_share_a_bank_and_another_process_gets_the_next()
    {
        using var rig = new QdaRig(new QdaOptions { ContextBanks = 3 });
        using DeviceFile second = rig.Open();
        SimulatedProcess other = rig.Kernel.CreateProcess("other");
        using DeviceFile third = rig.Open(other);
        Assert.All(rig.Driver.ContextBanks.All, bank => Assert.Equal(0, bank.Users)); // nothing until first use

        uint a = rig.Bo(), b = rig.Bo(file: second);
        var create = new drm_qda_gem_create { size = 4096 };
        Assert.True(QdaRig.Call(third, DRM_IOCTL_QDA_GEM_CREATE, ref create).IsSuccess);
        QdaContextBank shared = QdaDeviceTests.Bo(rig, a).ContextBank!;
        Assert.Same(shared, QdaDeviceTests.Bo(rig, b, second).ContextBank);
        Assert.Equal(2, shared.Users);
        Assert.Equal(rig.Process.Pid, shared.Pid);
        QdaContextBank next = rig.Driver.ContextBanks.All[1];
        Assert.Equal(other.Pid, next.Pid);
        Assert.Equal(1, next.Users);
        Assert.NotEqual(QdaDeviceTests.Bo(rig, a).DmaAddress >> 32, next.DmaAddress(0) >> 32);
        Assert.Equal(2, rig.Kernel.Counts[QdaContextBanks.BanksInUse]);

        second.Dispose();
        Assert.Equal(1, shared.Users); // still bound while a file of the pid holds it
        other.Exit();
        Assert.Equal(0, next.Users);
        Assert.Equal(0, next.Pid);
        Assert.Equal(1, rig.Kernel.Counts[QdaContextBanks.BanksInUse]);
    }

    [Fact]
    public void S2_when_every_bank_is_bound_a_new_process_gets_ENOMEM_for_create_import_and_invoke()
    {
        using var rig = new QdaRig(new QdaOptions { ContextBanks = 2 });
        rig.Bo();
        SimulatedProcess second = rig.Kernel.CreateProcess("second"), third = rig.Kernel.CreateProcess("third");
        using DeviceFile secondFile = rig.Open(second), thirdFile = rig.Open(third);
        var create = new drm_qda_gem_create { size = 4096 };
        Assert.True(QdaRig.Call(secondFile, DRM_IOCTL_QDA_GEM_CREATE, ref create).IsSuccess);

        Assert.Equal(Errno.ENOMEM, QdaRig.Call(thirdFile, DRM_IOCTL_QDA_GEM_CREATE, ref create).Error);
        using DeviceFile heap = rig.HeapBuffer(4096, third);
        var prime = new drm_prime_handle { fd = heap.Handle.Fd };
        Assert.Equal(Errno.ENOMEM, thirdFile.IoctlOnce(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime).Error);
        Assert.Equal(Errno.ENOMEM, rig.CreateSession(thirdFile, process: third).Error);
        Assert.Equal(Errno.ENOMEM, rig.Invoke(DspMethods.Handle, FastRpcScalars.Build(0, 0, 0), [], thirdFile, third).Error);

        // The first process's other files still share its bank; a freed bank serves the newcomer.
        using DeviceFile again = rig.Open();
        rig.Bo(file: again);
        second.Exit();
        Assert.True(QdaRig.Call(thirdFile, DRM_IOCTL_QDA_GEM_CREATE, ref create).IsSuccess);
        third.Exit();
    }
}
