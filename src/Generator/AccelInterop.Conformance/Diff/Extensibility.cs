using AccelInterop.Model;

namespace AccelInterop.Conformance.Diff;

/// <summary>
/// Whether a record may grow at its end without breaking old binaries, because the kernel learns the
/// caller's size and zero-fills what an old caller did not pass:
/// <list type="bullet">
/// <item>its first member is <c>argsz</c> (VFIO) or <c>size</c> (copy_struct_from_user style);</item>
/// <item>it has an <c>extensions</c> member (DRM drivers' extension chains);</item>
/// <item>it is the argument of a DRM request (ioctl type <c>'d'</c>): the DRM core copies the
/// smaller of the two sizes and zero-fills the rest.</item>
/// </list>
/// </summary>
public static class Extensibility
{
    public const long DrmIoctlType = 0x64;

    public static string? Why(UapiModel model, RecordDecl record, string target)
    {
        var first = record.Fields.FirstOrDefault();
        if (first?.Name is "argsz" && first.Offset.For(target) == 0)
        {
            return "first member argsz";
        }

        if (first?.Name is "size" && first.Offset.For(target) == 0)
        {
            return "first member size";
        }

        if (record.Fields.Any(f => f.Name == "extensions"))
        {
            return "extensions chain";
        }

        foreach (var i in model.Ioctls)
        {
            if (i.Argument == null || !i.ExistsOn(target) || i.Type.For(target) != DrmIoctlType)
            {
                continue;
            }

            var arg = model.Resolve(i.Argument, target);
            if (arg.Kind == TypeRefKind.Record && arg.Name == record.Id)
            {
                return $"argument of DRM request {i.Name}";
            }
        }
        return null;
    }
}
