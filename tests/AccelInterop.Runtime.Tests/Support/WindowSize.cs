using System.Runtime.InteropServices;

namespace AccelInterop.Runtime.Tests.Support;

/// <summary>C's <c>struct winsize</c> (termios), declared here for the pty tests and checked against gcc's layout.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WindowSize
{
    public ushort ws_row;
    public ushort ws_col;
    public ushort ws_xpixel;
    public ushort ws_ypixel;
}
