// Compiled together with generated bindings (not into the test project): reports what the bindings
// say, as text lines, so the same report comes from an in-process load or from a program run under
// an emulator on another architecture (which calls GeneratedReport.Run from its Main and prints it).
#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using AccelInterop.Runtime.Ioctl;

namespace AccelInterop.FuzzReport;

public static class GeneratedReport
{
    /// <summary>
    /// Lines: <c>arch I</c> (the running architecture's index), <c>row A SYMBOL ACTUAL EXPECTED</c> for every
    /// layout table column A, <c>const NAME VALUE|unavailable</c>, <c>request NAME VALUE|unavailable</c>,
    /// <c>enum NAME VALUE</c>, and <c>error WHERE MESSAGE</c> when generated code throws.
    /// </summary>
    public static string Run(string ns)
    {
        var report = new StringBuilder();
        report.Append("arch ").Append(IoctlArchitecture.Current).Append('\n');
        var types = typeof(GeneratedReport).Assembly.GetTypes().Where(t => t.Namespace == ns).OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (type.IsEnum) Enum(report, type);
            else if (type.IsAbstract && type.IsSealed && type.GetMethod("Check", new[] { typeof(int) }) is { } check) Layout(report, type, check);
            else if (type.IsAbstract && type.IsSealed) Constants(report, type);
        }
        return report.ToString();
    }

    private static void Layout(StringBuilder report, Type type, MethodInfo check)
    {
        for (var a = 0; a < IoctlArchitecture.Order.Length; a++)
        {
            try
            {
                var rows = (List<(string Symbol, long Actual, long Expected)>)check.Invoke(null, new object[] { a })!;
                foreach (var (symbol, actual, expected) in rows)
                    report.Append("row ").Append(a).Append(' ').Append(symbol).Append(' ').Append(actual).Append(' ').Append(expected).Append('\n');
            }
            catch (TargetInvocationException e)
            {
                Error(report, $"{type.Name}.Check({a})", e.InnerException ?? e);
                return;
            }
        }
    }

    private static void Constants(StringBuilder report, Type type)
    {
        foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            if (Integer(f.GetRawConstantValue()) is { } v) report.Append("const ").Append(f.Name).Append(' ').Append(v).Append('\n');
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Static))
        {
            var isRequest = p.PropertyType.Name.StartsWith("IoctlRequest", StringComparison.Ordinal);
            if (!isRequest && Integer(Default(p.PropertyType)) == null) continue;
            string value;
            try
            {
                var got = p.GetValue(null);
                value = isRequest ? Integer(got!.GetType().GetProperty("Value")!.GetValue(got)) ?? "?" : Integer(got) ?? "?";
            }
            catch (TargetInvocationException e) when (e.InnerException is PlatformNotSupportedException)
            {
                value = "unavailable";
            }
            catch (TargetInvocationException e)
            {
                Error(report, p.Name, e.InnerException ?? e);
                continue;
            }
            report.Append(isRequest ? "request " : "const ").Append(p.Name).Append(' ').Append(value).Append('\n');
        }
    }

    private static void Enum(StringBuilder report, Type type)
    {
        var underlying = System.Enum.GetUnderlyingType(type);
        foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            report.Append("enum ").Append(f.Name).Append(' ').Append(Integer(Convert.ChangeType(f.GetRawConstantValue(), underlying, CultureInfo.InvariantCulture))).Append('\n');
    }

    private static object? Default(Type t) => t.IsValueType ? Activator.CreateInstance(t) : null;

    private static string? Integer(object? value) => value switch
    {
        sbyte or byte or short or ushort or int or uint or long or ulong => Convert.ToString(value, CultureInfo.InvariantCulture),
        nint n => ((long)n).ToString(CultureInfo.InvariantCulture),
        nuint n => ((ulong)n).ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static void Error(StringBuilder report, string where, Exception e) =>
        report.Append("error ").Append(where).Append(' ').Append(e.GetType().Name).Append(": ").Append(e.Message.Split('\n')[0]).Append('\n');
}
