using System.Numerics;
using System.Reflection;
using AccelInterop.Model;
using AccelInterop.Model.Targets;
using AccelInterop.Runtime.Ioctl;
using Xunit.Abstractions;

namespace AccelInterop.Emitter.Tests;

/// <summary>The bindings of the committed uAPIs: compile cleanly, layouts exact, request tables as the model.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class GeneratedUapiTests(CommittedUapis uapis, ITestOutputHelper output) : IClassFixture<CommittedUapis>
{
    [Fact]
    public void Bindings_compile_with_zero_warnings_nullable_on()
    {
        Assert.True(uapis.Compilation.Image != null && !uapis.Compilation.Problems.Any(),
            GeneratedCompiler.Describe(uapis.Compilation.Problems));
        output.WriteLine($"{uapis.Models.Sum(m => m.Value.Result.Sources.Sum(s => s.Text.Split('\n').Length))} lines compiled, 0 diagnostics");
    }

    [Fact]
    public void Every_record_size_and_offset_equals_the_model_on_this_architecture()
    {
        var target = CommittedUapis.HostTarget;
        foreach (var (name, (model, options, _)) in uapis.Models)
        {
            var rows = LayoutRows.Run(uapis.Assembly!, $"{options.Namespace}.{options.ClassName}Layout");
            Assert.Empty(rows.Mismatches);
            Assert.Empty(rows.NotBound);
            // The expected column is the model's value for this target, row for row.
            var emitted = Emitted(model, options);
            var expected = ModelRows(model, target, emitted);
            var actual = rows.Checked.ToDictionary(r => r.Symbol, r => r.Expected);
            foreach (var (symbol, value) in expected)
            {
                Assert.True(actual.TryGetValue(symbol, out var v) && v == value, $"{name}: {symbol} expected {value}, row has {v}");
            }

            Assert.Equal(model.Records.Count(r => r.ExistsOn(target) && emitted.Contains(r.Id)), rows.Checked.Count(r => !r.Symbol.Contains('.')));
            // Only anonymous records go without a type: a parent with one layout everywhere flattens them
            // (their members are rows of the parent), and such a parent has a type of its own.
            foreach (var r in model.Records.Where(r => !emitted.Contains(r.Id)))
            {
                Assert.True(r.IsAnonymous && emitted.Contains(r.Parent!.Split(':')[0]), $"{name}: {r.Id} has no generated type");
            }

            output.WriteLine($"{name}: {rows.Checked.Count} layout rows checked on {target}");
        }
    }

    [Fact]
    public void The_self_check_tables_hold_the_model_for_all_eight_targets()
    {
        var compared = 0;
        foreach (var (name, (model, options, _)) in uapis.Models)
        {
            var check = uapis.Assembly!.GetType($"{options.Namespace}.{options.ClassName}Layout", throwOnError: true)!
                .GetMethod("Check", [typeof(int)])!;
            foreach (var target in model.Targets)
            {
                var arch = Array.IndexOf(IoctlArchitecture.Order.ToArray(), LinuxTargets.Parse(target).Architecture);
                var rows = ((List<(string Symbol, long Actual, long Expected)>)check.Invoke(null, [arch])!)
                    .ToDictionary(r => r.Symbol, r => r.Expected);
                foreach (var (symbol, value) in ModelRows(model, target, Emitted(model, options)))
                {
                    Assert.True(rows.TryGetValue(symbol, out var v) && v == value, $"{name} {target}: {symbol} model {value}, table {v}");
                    compared++;
                }
            }
        }
        output.WriteLine($"{compared} (size/offset, target) table entries equal the model");
    }

    /// <summary>The records the bindings have a type for (flattened anonymous records have none).</summary>
    private HashSet<string> Emitted(UapiModel model, EmitterOptions options) =>
        Mapping.CsNames.RecordTypes(model.Records.Select(r => r.Id))
            .Where(kv => uapis.Assembly!.GetType($"{options.Namespace}.{kv.Value.TrimStart('@')}") != null)
            .Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>Sizes of every emitted record and offsets of its directly named, non-bitfield members, read straight from the model.</summary>
    internal static IEnumerable<(string Symbol, long Value)> ModelRows(UapiModel model, string target, HashSet<string> emitted)
    {
        foreach (var r in model.Records.Where(r => r.ExistsOn(target) && emitted.Contains(r.Id)))
        {
            yield return (r.Id, r.Size.For(target));
            // Rows name the C member (drm_buf_map.virtual), whatever the C# identifier is (@virtual).
            foreach (var f in r.FieldsOn(target).Where(f => f.Name != null && f.Bitfield == null && !f.IsFlexibleArray))
            {
                yield return ($"{r.Id}.{f.Name}", f.Offset.For(target));
            }
        }
    }

    [Fact]
    public void Request_tables_equal_the_model_on_all_eight_targets()
    {
        var total = 0;
        foreach (var (name, (model, options, _)) in uapis.Models)
        {
            var type = uapis.Assembly!.GetType($"{options.Namespace}.{options.ClassName}", throwOnError: true)!;
            foreach (var ioctl in model.Ioctls)
            {
                var table = (ulong?[])type.GetField("s_" + ioctl.Name, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
                Assert.Equal(8, table.Length);
                foreach (var target in model.Targets)
                {
                    var arch = Array.IndexOf(IoctlArchitecture.Order.ToArray(), LinuxTargets.Parse(target).Architecture);
                    BigInteger? expected = ioctl.ExistsOn(target) ? ioctl.Request.For(target) : null;
                    Assert.True(expected == (table[arch] is ulong v ? v : null), $"{name}: {ioctl.Name} on {target}: table {table[arch]}, model {expected}");
                    total++;
                }
            }
        }
        output.WriteLine($"{total} (request, target) pairs equal the model");
        Assert.True(total >= 170 * 8);
    }

    [Fact]
    public void A_request_property_carries_the_running_architecture_number_and_fields()
    {
        var target = CommittedUapis.HostTarget;
        foreach (var (_, (model, options, _)) in uapis.Models)
        {
            var type = uapis.Assembly!.GetType($"{options.Namespace}.{options.ClassName}", throwOnError: true)!;
            foreach (var ioctl in model.Ioctls.Where(i => i.ExistsOn(target)))
            {
                dynamic request = type.GetProperty(ioctl.Name)!.GetValue(null)!;
                Assert.Equal((ulong)ioctl.Request.For(target), (ulong)request.Value);
                Assert.Equal(ioctl.Number.For(target), (long)(byte)request.Number);
                Assert.Equal(ioctl.Type.For(target), (long)(byte)request.Type);
                if (ioctl.Argument != null)
                {
                    Assert.Equal(ioctl.Size.For(target), (long)(uint)request.Size);
                }
            }
        }
    }
}

/// <summary>The compiled structs against gcc itself (on the host), and the request/argument type check.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class CompilerAgreementTests(CommittedUapis uapis, ITestOutputHelper output) : IClassFixture<CommittedUapis>
{
    [SkippableFact]
    public void Compiled_sizes_and_offsets_equal_gcc_on_x86_64()
    {
        Skip.IfNot(CLayoutProbe.Available, CLayoutProbe.Unavailable);
        foreach (var (name, (model, options, _)) in uapis.Models)
        {
            var rows = LayoutRows.Run(uapis.Assembly!, $"{options.Namespace}.{options.ClassName}Layout");
            var gcc = CLayoutProbe.Measure(model, rows.Checked.Select(r => r.Symbol));
            var compared = 0;
            foreach (var row in rows.Checked)
            {
                if (!gcc.TryGetValue(row.Symbol, out var c))
                {
                    continue;
                }

                Assert.True(c == row.Actual, $"{name}: {row.Symbol}: C# {row.Actual}, gcc {c}");
                compared++;
            }
            // Every row but those of anonymous records (no C spelling for sizeof/offsetof) reached gcc.
            Assert.Equal(rows.Checked.Count(r => !r.Symbol.Contains("::")), compared);
            output.WriteLine($"{name}: {compared} sizes/offsets equal gcc's ({rows.Checked.Count - compared} rows of anonymous records, checked against the model only)");
        }
    }

    [Fact]
    public void A_request_and_an_argument_of_another_type_do_not_compile()
    {
        var xe = uapis.Models["xe"].Result.Sources.Select(s => ($"xe/{s.FileName}", s.Text)).ToList();
        // Through the runtime's own call: DeviceFile.Ioctl<TArg>(in IoctlRequest<TArg>, ref TArg).
        const string user = """
            using AccelInterop.Runtime.Devices;
            using AccelInterop.Runtime.Ioctl;
            using AccelInterop.Uapi.Xe;
            static class User
            {
                static void Right(DeviceFile f) { var a = new drm_xe_gem_create(); f.Ioctl(Xe.DRM_IOCTL_XE_GEM_CREATE, ref a); }
                static void Inferred(DeviceFile f) { var a = new drm_xe_vm_create(); f.Ioctl(Xe.DRM_IOCTL_XE_GEM_CREATE, ref a); }
                static void Explicit(DeviceFile f) { var a = new drm_xe_vm_create(); f.Ioctl<drm_xe_gem_create>(Xe.DRM_IOCTL_XE_GEM_CREATE, ref a); }
                static void Assigned() { IoctlRequest<drm_xe_vm_create> r = Xe.DRM_IOCTL_XE_GEM_CREATE; }
            }
            """;
        var result = GeneratedCompiler.Compile("Mismatch", xe.Append(("user.cs", user)));
        var errors = result.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.All(errors, e => Assert.Equal("user.cs", e.Location.SourceTree?.FilePath));
        var lines = errors.Select(e => (e.Id, Line: e.Location.GetLineSpan().StartLinePosition.Line + 1)).ToList();
        // Inferred: TArg comes from the request, so the argument is the wrong ref type.
        Assert.Contains(("CS1503", 7), lines);
        Assert.Contains(("CS1503", 8), lines); // ref drm_xe_vm_create is not ref drm_xe_gem_create
        Assert.Contains(("CS0029", 9), lines); // no conversion between request types
        Assert.DoesNotContain(lines, l => l.Line == 6);
        output.WriteLine(string.Join(", ", lines.Select(l => $"{l.Id} at line {l.Line}")));
    }
}
