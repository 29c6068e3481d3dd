using AccelInterop.Runtime.Benchmarks.Uapi.Qda;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Qda;
using static AccelInterop.Runtime.Benchmarks.Uapi.Qda.Qda;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>
/// A QDA device with a DSP process and one small inline invocation set up: 64 bytes echoed by the
/// DSP (one in-buffer, one out-buffer, both copied through the payload).
/// </summary>
public sealed class QdaInvokeFixture : IDisposable
{
    public const int Length = 64;

    private readonly SimulatedKernel _kernel;
    private readonly SimulatedProcess _process;
    private readonly DeviceFile _dsp;
    private readonly PinnedUserMemory _args;
    private readonly PinnedUserMemory _input;
    private readonly PinnedUserMemory _output;
    private drm_qda_invoke_args _invoke;

    public QdaInvokeFixture(FirmwareExecution firmware)
    {
        _kernel = new SimulatedKernel(new SimulationOptions { Firmware = firmware });
        QdaDriver.CreateDevice(_kernel);
        _process = _kernel.CreateProcess("bench");
        _dsp = DeviceFile.Open(_process, "/dev/accel/accel0").Value;
        byte[] image = new byte[256];
        "\u007fELF"u8.CopyTo(image);
        using (PinnedUserMemory imageMemory = _process.Memory.Pin(image))
        {
            var init = new drm_qda_init_create { filelen = (uint)image.Length, filefd = -1, file = imageMemory.Address };
            if (_dsp.Ioctl(DRM_IOCTL_QDA_REMOTE_SESSION_CREATE, ref init).ThrowIfError("REMOTE_SESSION_CREATE") != 0)
            {
                throw new InvalidOperationException("the DSP refused the process");
            }
        }

        _input = _process.Memory.Pin(new byte[Length]);
        _output = _process.Memory.Pin(new byte[Length]);
        _args = _process.Memory.Pin(new[]
        {
            new drm_qda_fastrpc_invoke_args { ptr = _input.Address, length = Length, fd = -1 },
            new drm_qda_fastrpc_invoke_args { ptr = _output.Address, length = Length, fd = -1 },
        });
        _invoke = new drm_qda_invoke_args { handle = DspMethods.Handle, sc = FastRpcScalars.Build(DspMethods.Echo, 1, 1).Value, args = _args.Address };
    }

    /// <summary>One REMOTE_INVOKE: the DSP's retval (0).</summary>
    public int Invoke() => _dsp.Ioctl(DRM_IOCTL_QDA_REMOTE_INVOKE, ref _invoke).Value;

    public void Dispose()
    {
        _dsp.Dispose();
        _process.Exit();
        _args.Dispose();
        _input.Dispose();
        _output.Dispose();
        _kernel.Shutdown();
    }
}
