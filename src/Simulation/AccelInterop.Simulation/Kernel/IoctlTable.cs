using System.Runtime.CompilerServices;
using AccelInterop.Runtime.Ioctl;

namespace AccelInterop.Simulation.Kernel;

/// <summary>What every ioctl table says about itself, whatever its file and flag types.</summary>
public abstract class IoctlTable
{
    private protected IoctlTable(IoctlCopyPolicy policy, byte firstNumber)
    {
        Policy = policy;
        FirstNumber = firstNumber;
    }

    public IoctlCopyPolicy Policy { get; }

    /// <summary>Whether <paramref name="policy"/> sizes commands by number, as <c>drm_ioctl</c> does (the others match full commands).</summary>
    internal static bool IsSized(IoctlCopyPolicy policy) =>
        policy is IoctlCopyPolicy.SizeAndDirection or IoctlCopyPolicy.SizeAndDirectionOnSuccess;

    /// <summary>The command number of the first slot (0 for the DRM core, 0x40 for a DRM driver, VFIO's 100).</summary>
    public byte FirstNumber { get; }

    /// <summary>The number of slots, holes included (<c>num_ioctls</c>).</summary>
    public abstract int Length { get; }
}

/// <summary>
/// The entries of an ioctl table, whatever the file type its handlers take: what the kernel side
/// dispatches through (generic over the flags only, so dispatch code is specialised per flag
/// and gate type and never shared between file types).
/// </summary>
public abstract class IoctlTable<TFlags> : IoctlTable where TFlags : unmanaged, Enum
{
    private IoctlEntry<TFlags>?[] _slots = [];

    private protected IoctlTable(IoctlCopyPolicy policy, byte firstNumber)
        : base(policy, firstNumber)
    {
    }

    public override int Length => _slots.Length;

    /// <summary>The entry at <paramref name="index"/> (command number minus the first number); null for a hole.</summary>
    public IoctlEntry<TFlags>? this[int index] => _slots[index];

    /// <summary>Dispatch on a file of the type the table's handlers take (only typed wrappers and the DRM core call this).</summary>
    internal int Dispatch<TGate>(object file, SimulatedProcess caller, uint command, ulong argument, TGate gate)
        where TGate : struct, IIoctlGate<TFlags> =>
        IoctlDispatch.Dispatch(_slots, FirstNumber, Policy, file, caller, command, argument, gate);

    private protected void Add(IoctlEntry<TFlags> entry)
    {
        int index = IoctlEncoding.Number(entry.Command) - FirstNumber;
        if (index < 0)
        {
            throw new ArgumentException($"{entry} is below the table's first number 0x{FirstNumber:x2}");
        }

        if (index >= _slots.Length)
        {
            Array.Resize(ref _slots, index + 1);
        }

        if (_slots[index] is { } taken)
        {
            // drm_ioctl indexes by number alone; a character device's switch (cmd) tells full commands
            // apart, so there two commands may share a number (dma-buf's SET_NAME_A and _B).
            if (IsSized(Policy))
            {
                throw new ArgumentException($"{entry} and {taken} share a number");
            }

            for (IoctlEntry<TFlags>? same = taken; same is not null; same = same.SameNumber)
            {
                if (same.Command == entry.Command)
                {
                    throw new ArgumentException($"{entry} and {same} are one command");
                }
            }

            entry.SameNumber = taken;
        }

        _slots[index] = entry;
    }
}

/// <summary>
/// A driver's or character device's ioctls, indexed by command number minus <see cref="IoctlTable.FirstNumber"/>,
/// each defined from a generated request with a handler of the request's own argument type (a
/// handler for another type does not compile), and dispatched under one <see cref="IoctlCopyPolicy"/>.
/// Dispatch allocates nothing (<see cref="IoctlDispatch"/>). Define every command before the table is used.
/// </summary>
/// <typeparam name="TFile">What handlers get as the file: a DRM file, a driver's per-file state, a device's file.</typeparam>
/// <typeparam name="TFlags">The entries' flags, checked by the dispatcher's <see cref="IIoctlGate{TFlags}"/>.</typeparam>
public sealed class IoctlTable<TFile, TFlags> : IoctlTable<TFlags> where TFile : class where TFlags : unmanaged, Enum
{
    public IoctlTable(IoctlCopyPolicy policy, byte firstNumber)
        : base(policy, firstNumber)
    {
    }

    /// <summary>A command whose handler gets the kernel copy of its struct.</summary>
    public IoctlTable<TFile, TFlags> Define<TArg>(in IoctlRequest<TArg> request, TFlags flags, IoctlHandler<TFile, TArg> handler)
        where TArg : unmanaged
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new StructIoctlEntry<TFile, TFlags, TArg>(request.Name, CommandOf(request), flags, handler));
    }

    /// <inheritdoc cref="Define{TArg}(in IoctlRequest{TArg}, TFlags, IoctlHandler{TFile, TArg})"/>
    public IoctlTable<TFile, TFlags> Define<TArg>(in IoctlRequest<TArg> request, IoctlHandler<TFile, TArg> handler)
        where TArg : unmanaged => Define(request, default, handler);

    /// <summary>A command without argument struct: the handler gets the argument word.</summary>
    public IoctlTable<TFile, TFlags> Define(in IoctlRequest request, TFlags flags, IoctlValueHandler<TFile> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new ValueIoctlEntry<TFile, TFlags>(request.Name, checked((uint)request.Value), flags, handler));
    }

    /// <inheritdoc cref="Define(in IoctlRequest, TFlags, IoctlValueHandler{TFile})"/>
    public IoctlTable<TFile, TFlags> Define(in IoctlRequest request, IoctlValueHandler<TFile> handler) => Define(request, default, handler);

    /// <summary>
    /// A command with a struct that the handler copies itself from the argument address, because
    /// the struct is only the head of what the kernel reads (a flexible array member, as
    /// UDMABUF_CREATE_LIST's): nothing is copied by the table.
    /// </summary>
    public IoctlTable<TFile, TFlags> DefineByAddress<TArg>(in IoctlRequest<TArg> request, TFlags flags, IoctlValueHandler<TFile> handler)
        where TArg : unmanaged
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new ValueIoctlEntry<TFile, TFlags>(request.Name, CommandOf(request), flags, handler));
    }

    /// <summary>
    /// An <see cref="IoctlCopyPolicy.Argsz"/> command (VFIO's <c>_IO</c> requests name no struct: the
    /// handler's <typeparamref name="TArg"/> does).
    /// </summary>
    public IoctlTable<TFile, TFlags> Define<TArg>(in IoctlRequest request, ArgszRule rule, TFlags flags, ArgszIoctlHandler<TFile, TArg> handler)
        where TArg : unmanaged
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Policy != IoctlCopyPolicy.Argsz)
        {
            throw new ArgumentException($"{request.Name}: an argsz command in a {Policy} table", nameof(rule));
        }

        if (rule.MinimumSize < sizeof(uint) || rule.MinimumSize > Unsafe.SizeOf<TArg>())
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule.MinimumSize, $"{request.Name}: minsz must cover argsz and fit {typeof(TArg).Name}");
        }

        return Add(new ArgszIoctlEntry<TFile, TFlags, TArg>(request.Name, checked((uint)request.Value), flags, rule, handler));
    }

    /// <inheritdoc cref="Define{TArg}(in IoctlRequest, ArgszRule, TFlags, ArgszIoctlHandler{TFile, TArg})"/>
    public IoctlTable<TFile, TFlags> Define<TArg>(in IoctlRequest request, ArgszRule rule, ArgszIoctlHandler<TFile, TArg> handler)
        where TArg : unmanaged => Define(request, rule, default, handler);

    /// <summary>A slot that exists without a function (a DRM table's legacy entries): calls are -EINVAL.</summary>
    public IoctlTable<TFile, TFlags> Reserve<TArg>(in IoctlRequest<TArg> request, TFlags flags) where TArg : unmanaged =>
        Add(new StructIoctlEntry<TFile, TFlags, TArg>(request.Name, CommandOf(request), flags, handler: null));

    /// <summary>
    /// The ioctl entry of a file: finds <paramref name="command"/>, copies the argument at
    /// <paramref name="argument"/> in, asks <paramref name="gate"/>, runs the handler and copies
    /// back, all as <see cref="IoctlTable.Policy"/> says. Kernel-style result.
    /// </summary>
    public int Dispatch<TGate>(TFile file, SimulatedProcess caller, uint command, ulong argument, TGate gate)
        where TGate : struct, IIoctlGate<TFlags> =>
        Dispatch<TGate>((object)file, caller, command, argument, gate);

    /// <summary>Dispatch for tables whose entries need no gate.</summary>
    public int Dispatch(TFile file, SimulatedProcess caller, uint command, ulong argument) =>
        Dispatch(file, caller, command, argument, default(Ungated));

    private static uint CommandOf<TArg>(in IoctlRequest<TArg> request) where TArg : unmanaged
    {
        // The kernel copies the encoded size into the handler's struct: it must fit.
        if (request.Size > Unsafe.SizeOf<TArg>())
        {
            throw new ArgumentException($"{request.Name} encodes {request.Size} bytes but {typeof(TArg).Name} has {Unsafe.SizeOf<TArg>()}");
        }

        return checked((uint)request.Value);
    }

    private new IoctlTable<TFile, TFlags> Add(IoctlEntry<TFlags> entry)
    {
        base.Add(entry);
        return this;
    }

    private struct Ungated : IIoctlGate<TFlags>
    {
        public readonly int Check(SimulatedProcess caller, TFlags flags) => 0;
    }
}
