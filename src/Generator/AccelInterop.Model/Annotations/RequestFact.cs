namespace AccelInterop.Model.Annotations;

/// <summary>
/// Reviewed facts about one request the header leaves out or gets wrong: the argument record of a
/// request declared without one (VFIO's <c>_IO</c> requests), the direction the handler really copies in.
/// </summary>
public sealed class RequestFact
{
    public RequestFact(string request, string? argument, IoctlDirection? direction, string? why, int line)
    {
        Request = request;
        Argument = argument;
        Direction = direction;
        Why = why;
        Line = line;
    }

    public string Request { get; }

    /// <summary>The record the handler copies in, for a request whose number names no type; or null.</summary>
    public string? Argument { get; }

    /// <summary>The direction the kernel's handler really transfers in, where it differs from the number's; or null.</summary>
    public IoctlDirection? Direction { get; }
    public string? Why { get; }
    public int Line { get; }
}
