using System.Text;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Qda;
using static AccelInterop.Simulation.Tests.Uapi.Qda.Qda;

namespace AccelInterop.Simulation.Tests.NewDriver;

/// <summary>The single-file driver end to end: node, typed ioctl through generated bindings, its fault point, its counter.</summary>
public sealed class ToyAccelDriverTests
{
    [Fact]
    public void A_driver_in_one_file_works_through_generated_bindings_with_its_own_fault_point_and_counter()
    {
        var kernel = new SimulatedKernel();
        ToyAccelDriver driver = ToyAccelDriver.CreateDevice(kernel);
        SimulatedProcess process = kernel.CreateProcess("toy");
        Assert.Contains(kernel.Faults.Report, entry => entry.Point == ToyAccelDriver.QueryFailure);

        using (DeviceFile toy = DeviceFile.Open(process, driver.Device.NodePath).Value)
        {
            Assert.Equal(1, kernel.Counts[ToyAccelDriver.Sessions]);
            Assert.False(kernel.Counts.AllZero);

            var query = new drm_qda_query();
            Assert.True(toy.Ioctl(DRM_IOCTL_QDA_QUERY, ref query).IsSuccess);
            Assert.Equal("toy", Encoding.ASCII.GetString(((ReadOnlySpan<byte>)query.dsp_name)[..3]));

            kernel.Faults.Arm(ToyAccelDriver.QueryFailure);
            Assert.Equal(Errno.EIO, toy.Ioctl(DRM_IOCTL_QDA_QUERY, ref query).Error);
            Assert.Equal(1, kernel.Faults.Fired(ToyAccelDriver.QueryFailure));
        }

        Assert.Equal(0, kernel.Counts[ToyAccelDriver.Sessions]);
        Assert.True(kernel.Counts.AllZero, kernel.Counts.ToString());
        Assert.Contains("toy sessions 0", kernel.Counts.ToString(), StringComparison.Ordinal);
    }
}
