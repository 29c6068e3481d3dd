using System.Runtime.InteropServices;

namespace AccelInterop.Runtime.Devices;

/// <summary>One entry of a poll(2) set, laid out as C's <c>struct pollfd</c> (checked against gcc in the tests).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PollFd
{
    public int Fd;
    public PollEvents Events;
    public PollEvents ReturnedEvents;

    public PollFd(int fd, PollEvents events)
    {
        Fd = fd;
        Events = events;
        ReturnedEvents = PollEvents.None;
    }
}
