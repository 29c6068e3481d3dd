namespace AccelInterop.Testing;

/// <summary>
/// Trait names for what a test needs beyond the .NET SDK, so a run can leave them out:
/// <c>dotnet test --filter "Needs!=network"</c>. Put on the test class:
/// <c>[Trait(Needs.Key, Needs.Network)]</c>.
/// </summary>
public static class Needs
{
    public const string Key = "Needs";

    /// <summary>Contacts the Debian archive itself (a real <c>headers sync</c>).</summary>
    public const string Network = "network";

    /// <summary>Runs a native toolchain: libclang, gcc, clang, abidiff or an emulator.</summary>
    public const string Toolchain = "toolchain";

    /// <summary>Boots a Linux kernel in QEMU (the kernel lane).</summary>
    public const string VirtualMachine = "vm";
}
