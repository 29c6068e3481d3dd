using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>Fault points are an open registry: the kernel's own and those a driver declares are armed and reported alike.</summary>
public sealed class FaultInjectorTests
{
    private static readonly FaultPoint DriverPoint = new("test driver point", "a point declared outside the kernel core");

    [Fact]
    public void The_kernel_reports_its_own_points_and_a_drivers_after_declaration()
    {
        var kernel = new SimulatedKernel();
        Assert.Contains(kernel.Faults.Report, entry => entry.Point == FaultPoint.AllocationFailure);
        Assert.DoesNotContain(kernel.Faults.Report, entry => entry.Point == DriverPoint);

        kernel.Faults.Declare(DriverPoint);
        kernel.Faults.Declare(DriverPoint);

        Assert.Single(kernel.Faults.Report, entry => entry.Point == DriverPoint);
    }

    [Fact]
    public void A_driver_point_fires_on_the_armed_hits_only()
    {
        var kernel = new SimulatedKernel();
        kernel.Faults.Arm(DriverPoint, skip: 1, count: 2);

        bool[] fired = [.. Enumerable.Range(0, 5).Select(_ => kernel.Faults.ShouldFail(DriverPoint))];

        Assert.Equal([false, true, true, false, false], fired);
        Assert.Equal((5, 2), (kernel.Faults.Hits(DriverPoint), kernel.Faults.Fired(DriverPoint)));
        Assert.Contains(kernel.Faults.Report, entry => entry == (DriverPoint, 5, 2));
        Assert.False(kernel.Faults.ShouldFail(FaultPoint.AllocationFailure));
    }
}
