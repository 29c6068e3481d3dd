namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// Live kernel objects of one <see cref="SimulatedKernel"/>, by kind: each counter goes up when
/// an object is created and down when its last reference is dropped, so a test can check that
/// nothing leaked (every count back to zero after close) or watch an error path.
/// </summary>
public sealed class ObjectCounts
{
    private int _buffers;
    private int _fences;
    private int _syncobjs;
    private int _contexts;
    private int _dmaBufs;
    private int _syncFiles;
    private int _jobs;

    /// <summary>GEM buffer objects (BOs).</summary>
    public int BufferObjects => Volatile.Read(ref _buffers);

    /// <summary>dma_fences of every context created on this kernel's devices.</summary>
    public int Fences => Volatile.Read(ref _fences);

    public int Syncobjs => Volatile.Read(ref _syncobjs);

    /// <summary>Hardware contexts of every driver.</summary>
    public int HardwareContexts => Volatile.Read(ref _contexts);

    public int DmaBufs => Volatile.Read(ref _dmaBufs);

    public int SyncFiles => Volatile.Read(ref _syncFiles);

    /// <summary>Scheduler jobs not yet freed.</summary>
    public int Jobs => Volatile.Read(ref _jobs);

    /// <summary>Whether every count is zero.</summary>
    public bool AllZero => BufferObjects == 0 && Fences == 0 && Syncobjs == 0 && HardwareContexts == 0 && DmaBufs == 0 && SyncFiles == 0 && Jobs == 0;

    internal void Buffer(int delta) => Interlocked.Add(ref _buffers, delta);
    internal void Fence(int delta) => Interlocked.Add(ref _fences, delta);
    internal void Syncobj(int delta) => Interlocked.Add(ref _syncobjs, delta);
    internal void Context(int delta) => Interlocked.Add(ref _contexts, delta);
    internal void DmaBuf(int delta) => Interlocked.Add(ref _dmaBufs, delta);
    internal void SyncFile(int delta) => Interlocked.Add(ref _syncFiles, delta);
    internal void Job(int delta) => Interlocked.Add(ref _jobs, delta);

    public override string ToString() =>
        $"BOs {BufferObjects}, fences {Fences}, syncobjs {Syncobjs}, contexts {HardwareContexts}, dma-bufs {DmaBufs}, sync_files {SyncFiles}, jobs {Jobs}";
}
