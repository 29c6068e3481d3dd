namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// An ioctl's implementation over its argument struct: <paramref name="argument"/> is the kernel's
/// copy, already copied in by the table's <see cref="IoctlCopyPolicy"/>; what the handler leaves
/// there goes back as the policy says. Returns 0, a positive value, or <c>-errno</c>.
/// </summary>
public delegate int IoctlHandler<in TFile, TArg>(TFile file, SimulatedProcess caller, ref TArg argument) where TArg : unmanaged;

/// <summary>An ioctl whose argument word is a value or a user pointer the handler follows itself (<c>_IO</c> commands; nothing is copied).</summary>
public delegate int IoctlValueHandler<in TFile>(TFile file, SimulatedProcess caller, ulong argument);

/// <summary>
/// An ioctl under the <see cref="IoctlCopyPolicy.Argsz"/> rule: the kernel copy of the struct and
/// where the caller's struct is, so the handler can follow the variable part past it (capability
/// chains, <c>data[]</c>) through <see cref="UserMemory"/>.
/// </summary>
public delegate int ArgszIoctlHandler<in TFile, TArg>(TFile file, SimulatedProcess caller, ref TArg argument, IoctlUserArgument user)
    where TArg : unmanaged;

/// <summary>The caller's argument: its address and the size it claims (argsz).</summary>
public readonly record struct IoctlUserArgument(ulong Address, uint Size);
