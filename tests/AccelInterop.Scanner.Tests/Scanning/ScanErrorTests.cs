using AccelInterop.Model.Targets;
using AccelInterop.Scanner.Scanning;
using Xunit;

namespace AccelInterop.Scanner.Tests.Scanning;

/// <summary>Bad input stops the scan with one message naming the file and line.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class ScanErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("accelinterop-scan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string Host = LinuxTargets.Current!.Triple;

    private ScanRequest Request(params string[] headers) =>
        new(headers, [Host], _ => [_dir], [], []);

    [Fact]
    public void Missing_header_names_it()
    {
        var e = Assert.Throws<ScanException>(() => UapiScanner.Scan(Request("drm/nope.h")));
        Assert.Equal("drm/nope.h", e.File);
        Assert.StartsWith("drm/nope.h: error: header not found", e.UserMessage);
    }

    [Fact]
    public void Syntax_error_names_file_and_line()
    {
        File.WriteAllText(Path.Combine(_dir, "bad.h"), "struct ok { int a; };\n\nstruct broken { int a b; };\n");
        var e = Assert.Throws<ScanException>(() => UapiScanner.Scan(Request("bad.h")));
        Assert.Equal("bad.h", e.File);
        Assert.Equal(3, e.Line);
        Assert.Matches($@"^bad\.h:3: error: .+\(target {Host}\)$", e.UserMessage);
    }

    [Fact]
    public void Error_in_an_included_header_names_that_header()
    {
        File.WriteAllText(Path.Combine(_dir, "inner.h"), "\n#error this header is broken\n");
        File.WriteAllText(Path.Combine(_dir, "outer.h"), "#include \"inner.h\"\nstruct s { int a; };\n");
        var e = Assert.Throws<ScanException>(() => UapiScanner.Scan(Request("outer.h")));
        Assert.Equal("inner.h", e.File);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Non_integer_macros_are_noted_not_dropped()
    {
        File.WriteAllText(Path.Combine(_dir, "m.h"), "#define NAME \"demo\"\n#define N 3\n#define EMPTY_MARK\n");
        var m = UapiScanner.Scan(Request("m.h"));
        Assert.Equal("N", Assert.Single(m.Constants).Name);
        var d = Assert.Single(m.Diagnostics);
        Assert.Equal(ScanDiagnosticCodes.NotIntegerConstant, d.Code);
        Assert.Equal("m.h:1", d.Location!.ToString());
    }

    [Fact]
    public void Same_input_gives_the_same_bytes()
    {
        File.WriteAllText(Path.Combine(_dir, "d.h"), "struct d { unsigned long long a; union { int b; char c; }; };\n#define D_X 7\nenum { D_Y = -2 };\n");
        var a = Model.Serialization.ModelWriter.Write(UapiScanner.Scan(Request("d.h")));
        var b = Model.Serialization.ModelWriter.Write(UapiScanner.Scan(Request("d.h")));
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_header_that_needs_libc_types_says_which_include_fixes_it()
    {
        File.WriteAllText(Path.Combine(_dir, "needs_libc.h"), "struct n {\n\tint64_t when;\n\tsize_t len;\n};\n");

        var e = Assert.Throws<ScanException>(() => UapiScanner.Scan(Request("needs_libc.h")));

        Assert.Equal(
            $"needs_libc.h:2: error: unknown type name 'int64_t' (target {Host}): int64_t is a C library type from <stdint.h>, " +
            "which the header expects its user to include first; scan with --include stdint.h --include stddef.h",
            e.UserMessage);
    }

    [Fact]
    public void Preludes_are_parsed_first_and_recorded()
    {
        File.WriteAllText(Path.Combine(_dir, "needs_libc.h"), "struct n { int64_t when; size_t len; };\n#define N_SIZE sizeof(struct n)\n");

        var m = UapiScanner.Scan(Request("needs_libc.h") with { Includes = ["stdint.h", "stddef.h"] });

        Assert.Equal(["stdint.h", "stddef.h"], m.Includes);
        Assert.Equal(16, m.FindRecord("n")!.Size.For(Host));
        Assert.Equal("N_SIZE", Assert.Single(m.Constants).Name);
    }

    [Fact]
    public void An_error_that_is_not_a_missing_libc_type_gets_no_hint()
    {
        File.WriteAllText(Path.Combine(_dir, "other.h"), "struct o { frob_t x; };\n");
        var e = Assert.Throws<ScanException>(() => UapiScanner.Scan(Request("other.h")));
        Assert.Equal($"other.h:1: error: unknown type name 'frob_t' (target {Host})", e.UserMessage);
    }

    [Fact]
    public void The_target_facts_are_what_the_compiler_says_about_the_host()
    {
        File.WriteAllText(Path.Combine(_dir, "e.h"), "#define E 1\n");
        var abi = UapiScanner.Scan(Request("e.h")).AbiOf(Host);
        // This process runs on the host: .NET knows its pointer size, long size (LP64/ILP32) and byte order too.
        Assert.Equal(IntPtr.Size, abi.PointerSize);
        Assert.Equal(IntPtr.Size, abi.LongSize);
        Assert.Equal(BitConverter.IsLittleEndian ? Model.ByteOrder.Little : Model.ByteOrder.Big, abi.ByteOrder);
        // The host's parse sees the system's <linux/ioctl.h>: its layout is the table's for this architecture.
        Assert.Equal(LinuxTargets.Current!.Ioctl, abi.Ioctl);
    }
}
