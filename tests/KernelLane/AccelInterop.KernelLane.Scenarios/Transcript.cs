using System.Globalization;
using AccelInterop.Runtime.Errors;

namespace AccelInterop.KernelLane;

/// <summary>
/// The lane's transcript: one line per step, <c>tag = result[ name=value ...]</c>. The result is the
/// return value, <c>fd</c> for a new descriptor (its number is run-specific) or the errno's name;
/// the observed values are only those a rerun on either kernel must reproduce.
/// </summary>
public sealed class Transcript(TextWriter output)
{
    private readonly HashSet<string> _tags = new(StringComparer.Ordinal);

    public int Steps => _tags.Count;

    /// <summary>A call that returns a number (0, a count, a handle).</summary>
    public SysResult Step(string tag, SysResult result, string observed = "") =>
        Write(tag, result, result.IsSuccess ? result.Value.ToString(CultureInfo.InvariantCulture) : result.Error.Name, observed);

    /// <summary>A call whose value is a new file descriptor.</summary>
    public SysResult StepFd(string tag, SysResult result, string observed = "") =>
        Write(tag, result, result.IsSuccess ? "fd" : result.Error.Name, observed);

    /// <summary>Something observed without a call of its own (mapped memory, a device register).</summary>
    public void Observe(string tag, string observed)
    {
        Add(tag);
        output.WriteLine($"{tag} : {observed}");
    }

    private SysResult Write(string tag, SysResult result, string shown, string observed)
    {
        Add(tag);
        output.WriteLine(observed.Length == 0 || !result.IsSuccess ? $"{tag} = {shown}" : $"{tag} = {shown} {observed}");
        return result;
    }

    // A tag names one step; a repeated one would make a difference ambiguous.
    private void Add(string tag)
    {
        if (!_tags.Add(tag))
        {
            throw new InvalidOperationException($"transcript tag {tag} used twice");
        }
    }
}
