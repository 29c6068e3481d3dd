using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using AccelInterop.Runtime.Ioctl;

// Runs every generated layout self-check (a public static Check() returning the rows) found in
// the assemblies named on the command line, on the architecture this process runs on, and
// prints one tab-separated line per fact for the caller to parse:
//   arch  <.NET architecture>  <index in IoctlArchitecture.Order>
//   class <type>  (then its rows)
//   row   <symbol>  <compiled value>  <expected value for this architecture>
//   error <type or assembly>  <exception type: message>
//   done  <number of classes>
// With --report TYPE ARGUMENT ASSEMBLY.dll it instead calls TYPE's public static string Run(string)
// (e.g. the fuzzer's GeneratedReport, compiled into the assembly beside the bindings) and prints
// the arch line, then the text Run returned; an exception is one error line and exit code 1.
if (args.Length == 0 || args[0] == "--report" && args.Length != 4)
{
    Console.Error.WriteLine("usage: AccelInterop.LayoutRunner ASSEMBLY.dll...\n       AccelInterop.LayoutRunner --report TYPE ARGUMENT ASSEMBLY.dll");
    return 2;
}

var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false, NewLine = "\n" };
output.WriteLine($"arch\t{RuntimeInformation.ProcessArchitecture}\t{IoctlArchitecture.Current}");
if (args[0] == "--report")
{
    var reported = Report(output, args[1], args[2], args[3]);
    output.Flush();
    return reported ? 0 : 1;
}

var classes = 0;
var failed = false;
foreach (var path in args)
{
    Type[] types;
    try
    {
        types = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path)).GetExportedTypes();
    }
    catch (Exception e)
    {
        output.WriteLine($"error\t{path}\t{Describe(e)}");
        failed = true;
        continue;
    }
    foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
    {
        var check = type.GetMethod("Check", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes);
        if (check?.ReturnType != typeof(List<(string Symbol, long Actual, long Expected)>))
        {
            continue;
        }

        classes++;
        output.WriteLine($"class\t{type.FullName}");
        try
        {
            foreach (var (symbol, actual, expected) in (List<(string, long, long)>)check.Invoke(null, null)!)
            {
                output.WriteLine($"row\t{symbol}\t{actual}\t{expected}");
            }
        }
        catch (Exception e)
        {
            // A struct the runtime refuses to load here (TypeLoadException) is a finding, not a crash.
            output.WriteLine($"error\t{type.FullName}\t{Describe(e is TargetInvocationException { InnerException: { } inner } ? inner : e)}");
            failed = true;
        }
    }
}
output.WriteLine($"done\t{classes}");
output.Flush();
return failed ? 1 : 0;

static bool Report(TextWriter output, string typeName, string argument, string path)
{
    try
    {
        var type = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path)).GetType(typeName, throwOnError: true)!;
        var run = type.GetMethod("Run", BindingFlags.Public | BindingFlags.Static, [typeof(string)])
            ?? throw new MissingMethodException(typeName, "Run(string)");
        output.Write((string)run.Invoke(null, [argument])!);
        return true;
    }
    catch (Exception e)
    {
        output.WriteLine($"error\t{typeName}\t{Describe(e is TargetInvocationException { InnerException: { } inner } ? inner : e)}");
        return false;
    }
}

static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}".ReplaceLineEndings(" ").Replace('\t', ' ');
