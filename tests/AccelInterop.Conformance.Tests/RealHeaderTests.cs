using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using AccelInterop.Conformance.Layout;
using AccelInterop.Conformance.Tests.Support;
using AccelInterop.Model;
using AccelInterop.Model.Targets;
using Xunit.Abstractions;

namespace AccelInterop.Conformance.Tests;

/// <summary>
/// The synced upstream headers themselves. Until the scanner exists, a records-and-ioctls model is
/// built here from clang's complete record layout dump and from compiler-evaluated request macros;
/// on the host it is then checked with gcc, which makes the check independent of clang.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed partial class RealHeaderTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("drm/xe_drm.h", "x86_64", false)]
    [InlineData("drm/xe_drm.h", "x86_64", true)]
    [InlineData("drm/xe_drm.h", "i386", false)]
    [InlineData("drm/xe_drm.h", "aarch64", false)]
    [InlineData("drm/xe_drm.h", "arm", false)]
    [InlineData("drm/xe_drm.h", "powerpc64le", false)]
    [InlineData("drm/xe_drm.h", "s390x", false)]
    [InlineData("drm/xe_drm.h", "riscv64", false)]
    [InlineData("drm/xe_drm.h", "loongarch64", false)]
    [InlineData("drm/amdxdna_accel.h", "x86_64", false)]
    [InlineData("drm/amdxdna_accel.h", "powerpc64le", false)]
    [InlineData("linux/vfio.h", "x86_64", false)]
    [InlineData("linux/vfio.h", "s390x", false)]
    public void A_model_of_an_upstream_header_checks_clean(string header, string arch, bool forceClang)
    {
        var target = LinuxTargets.Parse(arch).Triple;
        var model = BuildFromCompiler(header, target);
        var clock = Stopwatch.StartNew();
        var v = LayoutOracle.Verify(model, target, new LayoutProbeOptions { IncludeRoots = [UapiHeaders.IncludeRoot], ForceClang = forceClang });
        var elapsed = clock.Elapsed;

        Assert.True(v.IsClean, string.Join("\n", v.Findings));
        Assert.True(v.Checked.Records > 10, $"only {v.Checked.Records} records");
        Assert.True(v.Checked.Ioctls > 5, $"only {v.Checked.Ioctls} ioctls");
        output.WriteLine($"{header} {target} {v.Compiler}: {v.Checked} in {elapsed.TotalMilliseconds:0} ms, {v.CompilerRuns} run(s)");
    }

    private static UapiModel BuildFromCompiler(string header, string target)
    {
        var loc = new SourceLocation(header, 1);
        var records = new List<RecordDecl>();
        var dump = Dump(header, target);
        var named = new HashSet<string>(StringComparer.Ordinal);
        // clang's implicit records (__va_list_tag, __va_list, __NSConstantString_tag) are not in the headers.
        dump.RemoveAll(b => b.Type is "struct __va_list_tag" or "struct __va_list" or "struct __NSConstantString_tag");
        foreach (var block in dump)
        {
            if (RecordHeader().Match(block.Type) is { Success: true } m)
            {
                named.Add(m.Groups[2].Value);
            }
        }

        foreach (var block in dump)
        {
            var m = RecordHeader().Match(block.Type);
            if (!m.Success)
            {
                continue;
            }

            var kind = m.Groups[1].Value == "union" ? RecordKind.Union : RecordKind.Struct;
            var tag = m.Groups[2].Value;
            var anon = 0;
            records.Add(new RecordDecl(tag, kind, tag, null, null, loc, null, PerTarget<long>.Uniform(block.Size),
                PerTarget<long>.Uniform(block.Align), false, Fields(tag, block, 0)));

            List<FieldDecl> Fields(string ownerId, Node owner, long ownerOffset)
            {
                var fields = new List<FieldDecl>();
                foreach (var c in owner.Children)
                {
                    var offset = PerTarget<long>.Uniform(c.Offset - ownerOffset);
                    var size = PerTarget<long>.Uniform(0);
                    if (c.Name == null || c.Type.Contains("(unnamed at", StringComparison.Ordinal) || c.Type.Contains("(anonymous at", StringComparison.Ordinal))
                    {
                        if (c.Children.Count == 0)
                        {
                            continue;
                        }

                        var id = $"{tag}::anon{anon++}";
                        var k = c.Type.StartsWith("union", StringComparison.Ordinal) ? RecordKind.Union : RecordKind.Struct;
                        records.Add(new RecordDecl(id, k, null, null, ownerId, loc, null, size, size, false, Fields(id, c, c.Offset)));
                        fields.Add(new FieldDecl(c.Name, TypeRef.Record(id), 1, offset, size, null));
                    }
                    else if (c.Bits is { } bits)
                    {
                        var bitOffset = PerTarget<long>.Uniform((c.Offset - ownerOffset) * 8 + bits.First);
                        fields.Add(new FieldDecl(c.Name, TypeRef.Other(c.Type), 1, offset, size, new BitfieldLayout(bitOffset, bits.Last - bits.First + 1)));
                    }
                    else
                    {
                        var r = RecordHeader().Match(c.Type);
                        var type = r.Success && named.Contains(r.Groups[2].Value) ? TypeRef.Record(r.Groups[2].Value) : TypeRef.Other(c.Type);
                        fields.Add(new FieldDecl(c.Name, type, 1, offset, size, null));
                    }
                }
                return fields;
            }
        }

        // Ioctl request macros of the header, with every number evaluated by the compiler.
        var text = Regex.Replace(File.ReadAllText(Path.Combine(UapiHeaders.IncludeRoot, header)), @"\\\r?\n", " ");
        var requests = IoctlMacro().Matches(text).Select(m => (Name: m.Groups[1].Value, Dir: m.Groups[2].Value, Args: m.Groups[3].Value))
            .GroupBy(r => r.Name).Select(g => g.First()).ToList();
        var exprs = new Dictionary<string, string> { ["none"] = "_IOC_NONE", ["read"] = "_IOC_READ", ["write"] = "_IOC_WRITE" };
        foreach (var r in requests)
        {
            exprs["req:" + r.Name] = r.Name;
            exprs["dir:" + r.Name] = $"_IOC_DIR({r.Name})";
            exprs["type:" + r.Name] = $"_IOC_TYPE({r.Name})";
            exprs["nr:" + r.Name] = $"_IOC_NR({r.Name})";
            exprs["size:" + r.Name] = $"_IOC_SIZE({r.Name})";
        }
        var t = new CompilerTruth(target, UapiHeaders.IncludeRoot, "linux/ioctl.h", header).Evaluate(exprs);
        var ioctls = requests.Select(r =>
        {
            var dir = t["dir:" + r.Name];
            var direction = dir == t["none"] ? IoctlDirection.None
                : dir == (t["read"] | t["write"]) ? IoctlDirection.ReadWrite
                : dir == t["read"] ? IoctlDirection.Read : IoctlDirection.Write;
            var arg = r.Dir.Length == 0 ? null : r.Args[(r.Args.LastIndexOf(',') + 1)..].Trim();
            var argType = arg == null ? null
                : RecordHeader().Match(arg) is { Success: true } am && named.Contains(am.Groups[2].Value) ? TypeRef.Record(am.Groups[2].Value)
                : TypeRef.Other(arg);
            PerTarget<long> L(string key) => PerTarget<long>.Uniform((long)t[key + r.Name]);
            return new IoctlDecl(r.Name, loc, null, direction, L("type:"), L("nr:"), L("size:"),
                PerTarget<BigInteger>.Uniform(t["req:" + r.Name]), argType);
        }).ToList();

        return new UapiModel(null, [new HeaderRef(header, "0")], [], [CompilerTruth.AbiOf(target)], [], records, [], [], ioctls, []);
    }

    [GeneratedRegex(@"^(struct|union) (\w+)$")]
    private static partial Regex RecordHeader();

    [GeneratedRegex(@"^#define\s+(\w+)\s+(?:DRM_IO|_IO)(WR|W|R|)\((.*)\)\s*$", RegexOptions.Multiline)]
    private static partial Regex IoctlMacro();

    private sealed record Node(int Depth, long Offset, (int First, int Last)? Bits, string Type, string? Name)
    {
        public List<Node> Children { get; } = [];
        public long Size { get; set; }
        public long Align { get; set; }
    }

    /// <summary>Every complete record of the translation unit, as a tree, from <c>-fdump-record-layouts-complete</c>.</summary>
    private static List<Node> Dump(string header, string target)
    {
        var dir = Directory.CreateTempSubdirectory("ai-real-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "d.c"), $"#include <{header}>\n");
            var dump = ChildProcess.Run(CompilerLocator.Default.Locate(target, forceClang: true).Path,
                ["--target=" + target, "-nostdlibinc", "-ffreestanding", "-std=gnu11", "-w",
                 "-isystem", Path.Combine(UapiHeaders.IncludeRoot, LinuxTargets.Parse(target).MultiarchDir), "-isystem", UapiHeaders.IncludeRoot,
                 "-fsyntax-only", "-Xclang", "-fdump-record-layouts-complete", "d.c"], workingDirectory: dir);
            Assert.True(dump.ExitCode == 0, dump.StandardError);

            var blocks = new List<Node>();
            var stack = new List<Node>();
            foreach (var line in dump.StandardOutput.Split('\n'))
            {
                var size = Regex.Match(line, @"^\s*\| \[sizeof=(\d+),.*?align=(\d+)");
                if (size.Success && blocks.Count > 0)
                {
                    blocks[^1].Size = long.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture);
                    blocks[^1].Align = long.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture);
                    continue;
                }
                var m = Regex.Match(line, @"^\s*(\d+)(?::(\d+)-(\d+))? \|( +)(.*?)\s*$");
                if (!m.Success)
                {
                    continue;
                }

                var depth = (m.Groups[4].Value.Length - 1) / 2;
                var text = m.Groups[5].Value;
                string? name = null;
                var type = text;
                if (!text.EndsWith(')'))
                {
                    var sp = text.LastIndexOf(' ');
                    name = text[(sp + 1)..];
                    type = text[..sp];
                }
                (int, int)? bits = m.Groups[2].Success
                    ? (int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))
                    : null;
                var node = new Node(depth, long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), bits, type, name);
                if (depth == 0)
                {
                    node = node with { Type = text, Name = null };
                    blocks.Add(node);
                    stack.Clear();
                    stack.Add(node);
                    continue;
                }
                if (stack.Count < depth)
                {
                    continue;
                }

                stack.RemoveRange(depth, stack.Count - depth);
                stack[depth - 1].Children.Add(node);
                stack.Add(node);
            }
            return blocks;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
