using AccelInterop.Runtime.Devices;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// A character device without per-file state (mem.c's null and zero, simple misc devices): every
/// open file's operations are the device's own. Derived devices implement the operations they have.
/// </summary>
public abstract class StatelessCharacterDevice : ICharacterDevice, IFileOperations
{
    public virtual int Open(SimulatedProcess opener, OpenFlags flags, out IFileOperations? operations)
    {
        operations = this;
        return 0;
    }
}
