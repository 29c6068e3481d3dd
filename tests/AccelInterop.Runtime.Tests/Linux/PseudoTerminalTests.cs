using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Linux;
using AccelInterop.Runtime.Tests.Support;

namespace AccelInterop.Runtime.Tests.Linux;

/// <summary>A real pty: the window size set with TIOCSWINSZ comes back through TIOCGWINSZ.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class PseudoTerminalTests
{
    [Fact]
    public void Winsize_matches_gccs_layout()
    {
        Assert.Equal(KernelProbe.Get("winsize.size"), (ulong)Marshal.SizeOf<WindowSize>());
        foreach (string field in new[] { "ws_row", "ws_col", "ws_xpixel", "ws_ypixel" })
        {
            Assert.Equal(KernelProbe.Get("winsize." + field), (ulong)Marshal.OffsetOf<WindowSize>(field));
        }
    }

    [Fact]
    public void Window_size_set_on_the_master_is_read_back_on_the_terminal()
    {
        (SafeFileDescriptor masterFd, string terminalPath) = LinuxKernel.Instance.OpenPseudoTerminal().Value;
        using var master = new DeviceFile(masterFd);
        using DeviceFile terminal = DeviceFile.Open(terminalPath,
            OpenFlags.ReadWrite | OpenFlags.NoControllingTerminal | OpenFlags.CloseOnExec).Value;

        var set = new WindowSize { ws_row = 33, ws_col = 101, ws_xpixel = 640, ws_ypixel = 480 };
        master.IoctlOrThrow(KernelProbe.Request<WindowSize>("TIOCSWINSZ"), ref set);

        WindowSize got = default;
        terminal.IoctlOrThrow(KernelProbe.Request<WindowSize>("TIOCGWINSZ"), ref got);

        Assert.Equal(set, got);
        Assert.StartsWith("/dev/pts/", terminalPath, StringComparison.Ordinal);
    }
}
