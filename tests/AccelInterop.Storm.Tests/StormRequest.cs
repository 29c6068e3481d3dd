using System.Reflection;
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Abi;
using AccelInterop.Runtime.Ioctl;

namespace AccelInterop.Storm.Tests;

/// <summary>What the storm puts into one member of a request's argument (chosen from the member's ABI facts and name).</summary>
internal enum StormFieldKind
{
    /// <summary>A small number, a value an earlier call returned, or a hostile one.</summary>
    Plain,

    /// <summary>A handle, id or fd: mostly a value an earlier call returned.</summary>
    Handle,

    /// <summary>A size, length or count: page-sized and small values, and the wrapping ones.</summary>
    Size,

    /// <summary>A user address: inside the process's registered memory, at its edge, or wild.</summary>
    Pointer,

    /// <summary>A timeout or deadline, kept short so that every call has a deadline the storm can hold it to.</summary>
    Timeout,

    /// <summary>A flags word: bits of its family, and unknown bits.</summary>
    Flags,

    /// <summary>Padding and reserved words: zero, sometimes not.</summary>
    MustBeZero,

    /// <summary>An mmap offset: one the kernel handed out, or a hostile one.</summary>
    Offset,
}

/// <summary>One integer member of a request argument: where it is, how wide, and what the storm puts there.</summary>
internal readonly record struct StormField(string Name, int Offset, int Width, StormFieldKind Kind, bool Signed, ulong[] FamilyBits);

/// <summary>
/// One generated request as the storm sends it: the number of this architecture, the argument's
/// size, and its integer members (nested records flattened) with what each takes.
/// </summary>
internal sealed class StormRequest
{
    private StormRequest(string name, ulong command, int size, StormField[] fields)
    {
        Name = name;
        Command = command;
        Size = size;
        Fields = fields;
    }

    public string Name { get; }
    public ulong Command { get; }
    public int Size { get; }
    public StormField[] Fields { get; }

    /// <summary>The request's type byte (_IOC_TYPE): 'd' for DRM, 'b' for dma-buf, ...</summary>
    public char Type => (char)((Command >> 8) & 0xFF);

    /// <summary>Every <see cref="IoctlRequest{TArg}"/> and <see cref="IoctlRequest"/> property of the generated classes in this assembly.</summary>
    public static IReadOnlyList<StormRequest> All { get; } = Discover();

    /// <summary>
    /// The requests of one type byte, for sending a file mostly what it takes; for DRM, the driver's
    /// own requests (numbers from DRM_COMMAND_BASE, 0x40) half of the time, since the core's are mostly legacy.
    /// </summary>
    public static IReadOnlyList<StormRequest> OfType(char type, Random random)
    {
        if (!ByType.TryGetValue(type, out StormRequest[]? requests))
        {
            return All;
        }

        if (type != 'd' || random.Next(2) == 0)
        {
            return requests;
        }

        return DrmDriverRequests;
    }

    private static readonly Dictionary<char, StormRequest[]> ByType = All.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.ToArray());
    private static readonly StormRequest[] DrmDriverRequests = [.. All.Where(r => r.Type == 'd' && (r.Command & 0xFF) >= 0x40)];

    public override string ToString() => Name;

    private static StormRequest[] Discover()
    {
        var requests = new List<StormRequest>();
        foreach (Type holder in typeof(StormRequest).Assembly.GetTypes().Where(t => t.Namespace?.StartsWith("AccelInterop.Storm.Tests.Uapi", StringComparison.Ordinal) == true))
        {
            foreach (PropertyInfo property in holder.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            {
                Type type = property.PropertyType;
                if (type == typeof(IoctlRequest))
                {
                    var request = (IoctlRequest)property.GetValue(null)!;
                    requests.Add(new StormRequest(request.Name, request.Value, 0, []));
                }
                else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IoctlRequest<>))
                {
                    object value;
                    try
                    {
                        value = property.GetValue(null)!;
                    }
                    catch (TargetInvocationException e) when (e.InnerException is PlatformNotSupportedException)
                    {
                        continue; // no number on this architecture
                    }

                    Type argument = type.GetGenericArguments()[0];
                    var fields = new List<StormField>();
                    Flatten(argument, 0, "", fields);
                    requests.Add(new StormRequest((string)type.GetProperty("Name")!.GetValue(value)!, (ulong)type.GetProperty("Value")!.GetValue(value)!,
                        (int)(uint)type.GetProperty("Size")!.GetValue(value)!, [.. fields]));
                }
            }
        }

        return [.. requests.OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    private static void Flatten(Type type, int baseOffset, string prefix, List<StormField> fields)
    {
        if (Width(type) is int scalar)
        {
            fields.Add(new StormField(prefix.Length == 0 ? "value" : prefix, baseOffset, scalar, StormFieldKind.Plain, IsSigned(type), []));
            return;
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            int offset = baseOffset + (int)Marshal.OffsetOf(type, field.Name);
            string name = prefix.Length == 0 ? field.Name : prefix + "." + field.Name;
            if (Width(field.FieldType) is int width)
            {
                fields.Add(new StormField(name, offset, width, KindOf(field), IsSigned(field.FieldType), FamilyBits(field)));
            }
            else if (field.FieldType.IsValueType && !field.FieldType.IsPrimitive && fields.Count < 256)
            {
                Flatten(field.FieldType, offset, name, fields); // nested records and inline arrays
            }
        }
    }

    private static int? Width(Type t) =>
        t.IsEnum ? Width(Enum.GetUnderlyingType(t))
        : t == typeof(byte) || t == typeof(sbyte) ? 1
        : t == typeof(ushort) || t == typeof(short) ? 2
        : t == typeof(uint) || t == typeof(int) ? 4
        : t == typeof(ulong) || t == typeof(long) ? 8
        : t == typeof(nuint) || t == typeof(nint) ? IntPtr.Size
        : null;

    private static bool IsSigned(Type t) => t.IsEnum ? IsSigned(Enum.GetUnderlyingType(t)) : t == typeof(sbyte) || t == typeof(short) || t == typeof(int) || t == typeof(long) || t == typeof(nint);

    private static ulong[] FamilyBits(FieldInfo field) =>
        field.GetCustomAttribute<FlagFamilyAttribute>()?.Family is Type family
            ? [.. Enum.GetValues(family).Cast<object>().Select(Convert.ToUInt64)]
            : [];

    /// <summary>The generator's ABI facts first, then the C member's name (the storm's own, documented reading of it).</summary>
    private static StormFieldKind KindOf(FieldInfo field)
    {
        if (field.GetCustomAttribute<UserPointerAttribute>() is not null)
        {
            return StormFieldKind.Pointer;
        }

        if (field.GetCustomAttribute<HandleAttribute>() is not null || field.GetCustomAttribute<FileDescriptorAttribute>() is not null)
        {
            return StormFieldKind.Handle;
        }

        if (field.GetCustomAttribute<MustBeZeroAttribute>() is not null)
        {
            return StormFieldKind.MustBeZero;
        }

        if (field.GetCustomAttribute<FlagFamilyAttribute>() is not null)
        {
            return StormFieldKind.Flags;
        }

        string n = field.Name.ToLowerInvariant();
        if (n.Contains("timeout") || n.Contains("deadline"))
        {
            return StormFieldKind.Timeout;
        }

        if (n.Contains("offset"))
        {
            return StormFieldKind.Offset;
        }

        if (n.EndsWith("_p") || n.EndsWith("ptr") || n.Contains("addr") || n == "handles" || n == "points" || n == "name" || n == "date"
            || n == "desc" || n == "buffer" || n == "data" || n == "list" || n.EndsWith("_ptr"))
        {
            return StormFieldKind.Pointer;
        }

        if (n.Contains("handle") || n.EndsWith("fd") || n.Contains("syncobj") || n.Contains("ctx") || n.EndsWith("id"))
        {
            return StormFieldKind.Handle;
        }

        if (n.Contains("size") || n.Contains("len") || n.Contains("count") || n.StartsWith("num") || n.Contains("index"))
        {
            return StormFieldKind.Size;
        }

        if (n.Contains("flag"))
        {
            return StormFieldKind.Flags;
        }

        if (n.Contains("pad") || n.Contains("reserved") || n.Contains("mbz"))
        {
            return StormFieldKind.MustBeZero;
        }

        return StormFieldKind.Plain;
    }
}
