namespace AccelInterop.Simulation.Qda;

/// <summary>What one kind of request prepared (qda_fastrpc_prepare_args): the remote handle, the scalars, one argument per scalar, the protection domain.</summary>
internal readonly record struct FastRpcRequest(uint Handle, FastRpcScalars Scalars, FastRpcArgument[] Arguments, uint Pd = 0)
{
    // Kernel buffers stand at addresses no user buffer has, one 4 GiB slot each, so that the
    // overlap pass never merges them with each other or with user memory.
    private const ulong KernelBase = 0xFFFF_8000_0000_0000;

    /// <summary>A request to the process-control handle whose arguments are all kernel memory.</summary>
    public static FastRpcRequest Control(uint method, int outBuffers, params byte[][] buffers)
    {
        var arguments = new FastRpcArgument[buffers.Length];
        for (int i = 0; i < buffers.Length; i++)
        {
            arguments[i] = FastRpcArgument.Kernel(buffers[i], KernelPointer(i));
        }

        return new FastRpcRequest(FastRpcMethod.InitHandle, FastRpcScalars.Build(method, (uint)(buffers.Length - outBuffers), (uint)outBuffers), arguments);
    }

    public static ulong KernelPointer(int index) => KernelBase + ((ulong)index << 32);
}
