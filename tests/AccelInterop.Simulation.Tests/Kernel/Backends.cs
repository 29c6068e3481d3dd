using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Linux;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>The real kernel and a simulated process, for tests that hold the simulation to what Linux answers on this machine.</summary>
internal static class Backends
{
    public static TheoryData<string> Names => ["linux", "simulated"];

    public static IKernelBackend Get(string name) => name switch
    {
        "linux" => LinuxKernel.Instance,
        _ => new SimulatedKernel().CreateProcess("conformance"),
    };
}
