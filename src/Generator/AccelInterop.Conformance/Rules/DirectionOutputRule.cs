using AccelInterop.Model;
using AccelInterop.Model.Annotations;

namespace AccelInterop.Conformance.Rules;

/// <summary>
/// UAPI-R010 (heuristic): a request the kernel does not copy back (<c>_IOW</c>: user space writes
/// only) whose argument looks like it returns something: a member whose name has an <c>out</c>
/// word (<c>out_fence</c>, <c>handle_out</c>) or is a typical result (<c>ret</c>, <c>retval</c>,
/// <c>result</c>), or a request whose own name asks for something back (a <c>GET</c>, <c>QUERY</c>,
/// <c>CREATE</c>, <c>ALLOC</c> or <c>INFO</c> word). Nested records count; pointers do not (the kernel
/// writes through them with copy_to_user, whatever the direction), C pointers nor the members the
/// uAPI's facts file annotates as user pointers (docs/annotations.md).
/// </summary>
public sealed class DirectionOutputRule : IUapiRule
{
    private static readonly HashSet<string> OutputWords = new(StringComparer.OrdinalIgnoreCase) { "out", "ret", "retval", "result", "results" };
    private static readonly HashSet<string> AskingWords = new(StringComparer.OrdinalIgnoreCase) { "GET", "QUERY", "CREATE", "ALLOC", "INFO" };

    public RuleDescriptor Descriptor => RuleCatalog.DirectionCannotCarryOutput;

    public IEnumerable<CheckFinding> Check(RuleContext context)
    {
        foreach (var request in context.Model.Ioctls)
        {
            if (request.Direction != IoctlDirection.Write || request.Argument == null)
            {
                continue;
            }

            var target = context.TargetsOf(request).FirstOrDefault();
            if (target == null)
            {
                continue;
            }

            var arg = CTypes.Element(context.Model, request.Argument, target);
            if (arg.Kind != TypeRefKind.Record || context.Model.FindRecord(arg.Name!) is not { } record)
            {
                continue;
            }

            var output = OutputMember(context, record, target, "", 0);
            var asking = Words(request.Name).FirstOrDefault(AskingWords.Contains);
            if (output == null && asking == null)
            {
                continue;
            }

            var why = output != null ? $"member {output} looks like an output" : $"its name asks for something back ({asking})";
            yield return context.Finding(Descriptor, request.Name, output,
                $"{request.Name} is _IOW (the kernel does not copy {RuleContext.Spell(record)} back) but {why}; use _IOWR if the kernel writes the argument",
                request.Location, context.TargetsOf(request));
        }
    }

    private static string? OutputMember(RuleContext context, RecordDecl record, string target, string prefix, int depth)
    {
        if (depth > 16)
        {
            return null;
        }

        var model = context.Model;
        foreach (var f in record.FieldsOn(target))
        {
            var element = CTypes.Element(model, f.Type, target);
            if (f.Name != null && context.Facts.For(AbiFacts.NamedAncestor(record), f.Name)?.IsUserPointer == true)
            {
                continue;
            }

            if (f.Name != null && Words(f.Name).Any(OutputWords.Contains))
            {
                return prefix + f.Name;
            }

            if (element.Kind == TypeRefKind.Record && model.FindRecord(element.Name!) is { } nested
                && OutputMember(context, nested, target, f.Name == null ? prefix : prefix + f.Name + ".", depth + 1) is { } inner)
            {
                return inner;
            }
        }
        return null;
    }

    private static IEnumerable<string> Words(string name) => name.Split('_', StringSplitOptions.RemoveEmptyEntries);
}
