using System.Runtime.InteropServices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Targets;
using AccelInterop.Runtime.Tests.Support;

namespace AccelInterop.Runtime.Tests.Targets;

/// <summary>
/// The runtime's copy of the target table (the same source file the model assembly compiles): the running
/// architecture's ioctl layout is what gcc says here, and generated per-architecture arrays follow the table.
/// All eight layouts are checked against the compiler in the end-to-end tests.
/// </summary>
public sealed class LinuxTargetsTests
{
    [Fact]
    public void The_running_architectures_ioctl_layout_is_the_compilers()
    {
        var current = LinuxTargets.Current;
        Assert.NotNull(current);
        var gcc = new IoctlLayout(
            (int)KernelProbe.Get("_IOC_NRSHIFT"), (int)KernelProbe.Get("_IOC_TYPESHIFT"), (int)KernelProbe.Get("_IOC_SIZESHIFT"),
            (int)KernelProbe.Get("_IOC_DIRSHIFT"), (int)KernelProbe.Get("_IOC_NRBITS"), (int)KernelProbe.Get("_IOC_TYPEBITS"),
            (int)KernelProbe.Get("_IOC_SIZEBITS"), (int)KernelProbe.Get("_IOC_DIRBITS"),
            (uint)KernelProbe.Get("_IOC_NONE"), (uint)KernelProbe.Get("_IOC_WRITE"), (uint)KernelProbe.Get("_IOC_READ"));
        Assert.Equal(gcc, current.Ioctl);
    }

    [Fact]
    public void Generated_arrays_follow_the_table()
    {
        Assert.Equal(LinuxTargets.All.Select(t => t.Architecture), IoctlArchitecture.Order.ToArray());
        Assert.Equal(LinuxTargets.ForArchitecture(RuntimeInformation.ProcessArchitecture)!.Index, IoctlArchitecture.Current);
    }
}
