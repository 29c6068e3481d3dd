using Xunit;
using AccelInterop.Scanner.Scanning;

namespace AccelInterop.Scanner.Tests.Scanning;

/// <summary>Bad input stops the scan with one message naming the file and line.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class ScanErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("accelinterop-scan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ScanRequest Request(params string[] headers) =>
        new(headers, ["x86_64-linux-gnu"], _ => [_dir], [], []);

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
        Assert.Matches(@"^bad\.h:3: error: .+\(target x86_64-linux-gnu\)$", e.UserMessage);
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
}
