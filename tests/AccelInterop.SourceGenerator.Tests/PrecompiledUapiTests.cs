using AccelInterop.Emitter;
using AccelInterop.Emitter.Compiled;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model;

namespace AccelInterop.SourceGenerator.Tests;

/// <summary>
/// A build reads the embedded uAPIs only in their precompiled form (selection index, rendered
/// declarations), written at the generator's own build. These prove that form says what the
/// model says: every name the model declares is selectable, the index and the rendering read back
/// equal to ones made from the model now, and a plan resolves as the selector over the models.
/// </summary>
public class PrecompiledUapiTests
{
    public static TheoryData<string> Uapis => new(EmbeddedModels.Names);

    /// <summary>Every name a selection line may use for the model's declarations, listed from the model itself.</summary>
    private static IEnumerable<string> SelectableNames(UapiModel m) =>
        m.Records.SelectMany(r => new[] { r.Tag, r.TypedefName, r.IsAnonymous ? null : r.Id })
            .Concat(m.Enums.SelectMany(e => new[] { e.Tag, e.TypedefName }.Concat(e.Enumerators.Select(x => x.Name))))
            .Concat(m.Constants.Select(c => c.Name))
            .Concat(m.Ioctls.Select(i => i.Name))
            .OfType<string>()
            .Distinct();

    [Theory]
    [MemberData(nameof(Uapis))]
    public void Every_name_the_model_declares_is_in_the_precompiled_index(string uapi)
    {
        var names = new HashSet<string>(EmbeddedModels.Index(uapi).Names);
        var declared = SelectableNames(EmbeddedModels.Get(uapi)).ToList();
        Assert.NotEmpty(declared);
        var missing = declared.Where(n => !names.Contains(n)).ToList();
        Assert.True(missing.Count == 0, "not selectable: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(Uapis))]
    public void The_precompiled_index_reads_back_as_the_models_index(string uapi)
    {
        var fresh = SelectionIndex.Of(uapi, EmbeddedModels.Get(uapi), EmbeddedModels.Facts(uapi));
        var precompiled = EmbeddedModels.Index(uapi);
        static byte[] Bytes(SelectionIndex index)
        {
            using var stream = new MemoryStream();
            index.WriteTo(stream);
            return stream.ToArray();
        }
        Assert.True(Bytes(fresh).SequenceEqual(Bytes(precompiled)), $"{uapi}: the embedded index is not the one the model gives now (a stale build?)");
    }

    /// <summary>The build reads a resource where it lies; a stream that is not memory (a file) is copied first. Both read the same.</summary>
    [Theory]
    [MemberData(nameof(Uapis))]
    public void A_precompiled_uapi_copied_out_of_its_resource_reads_as_in_place(string uapi)
    {
        static MemoryStream Copy(string name, string suffix)
        {
            using var resource = UapiResources.Open(name, suffix);
            var copy = new MemoryStream();
            resource.CopyTo(copy);
            copy.Position = 0;
            return copy;
        }

        var (inPlace, copied) = (EmbeddedModels.Index(uapi), CompiledUapi.ReadSelection(Copy(uapi, UapiResources.Selection)));
        Assert.Equal(inPlace.Names, copied.Names);
        Assert.Equal(inPlace.Close(inPlace.All), copied.Close(copied.All));

        var options = EmitterOptions.For(uapi);
        var expected = EmbeddedModels.Rendered(uapi).Emit(options).Sources;
        var actual = CompiledUapi.ReadRendering(Copy(uapi, UapiResources.Rendered)).Emit(options).Sources;
        Assert.Equal(expected.Select(s => s.FileName + "\n" + s.Text), actual.Select(s => s.FileName + "\n" + s.Text));
    }

    /// <summary>Whole, under other names, internal, and a seeded random half of its symbols with their closure.</summary>
    [Theory]
    [MemberData(nameof(Uapis))]
    public void The_precompiled_rendering_emits_what_the_emitter_emits_from_the_model(string uapi)
    {
        var (model, facts, precompiled) = (EmbeddedModels.Get(uapi), EmbeddedModels.Facts(uapi), EmbeddedModels.Rendered(uapi));
        var index = SelectionIndex.Of(uapi, model, facts);
        var random = new Random(17);
        var half = index.Close(index.All.Select(selectable => selectable && random.Next(2) == 0).ToArray());
        foreach (var (options, symbols) in new (EmitterOptions, IReadOnlyList<string>?)[]
                 {
                     (EmitterOptions.For(uapi), null),
                     (new EmitterOptions("My.App.Bindings", "Kernel", Visibility.Internal), null),
                     (EmitterOptions.For(uapi, "App"), half),
                 })
        {
            var expected = UapiEmitter.Emit(model, facts, options, symbols);
            var actual = precompiled.Emit(options, symbols);
            Assert.Equal(expected.Sources.Select(s => s.FileName), actual.Sources.Select(s => s.FileName));
            foreach (var (e, a) in expected.Sources.Zip(actual.Sources))
            {
                Assert.True(e.Text == a.Text, $"{uapi}/{e.FileName} differs for {options.Namespace} {options.Visibility} ({symbols?.Count.ToString() ?? "whole"})");
            }

            Assert.Equal(expected.Notes, actual.Notes);
        }
    }

    [Theory]
    [InlineData("drm_xe_gem_create\nDRM_IOCTL_XE_GEM_CREATE\ndrm_xe_vm_create\nDRM_IOCTL_XE_VM_CREATE\ndrm_xe_exec\nDRM_IOCTL_XE_EXEC\nDRM_IOCTL_GEM_CLOSE\nDRM_IOCTL_SYNCOBJ_CREATE\namdxdna_drm_create_bo\nVFIO_DEVICE_GET_INFO\n")]
    [InlineData("xe\n-drm_xe_exec\n")]
    [InlineData("DRM_XE_GEM_*\n-DRM_XE_GEM_CREATE_FLAG_SCANOUT\n")]
    [InlineData("DRM_IOCTL_GEM_CLOSE\n-vfio_device_info\n")]
    [InlineData("drm_xe_exec\ndrm_xe_exce\n-no_such_name\n")]
    public void The_plan_resolves_as_the_selector_over_every_model(string selection)
    {
        var expected = UapiSelector.Select(EmbeddedModels.Models, SelectionFile.Parse(selection));
        var plan = SelectionPlanner.Plan(new EquatableArray<InputFile>([new InputFile("/app/AccelInterop.txt", selection)]), new GeneratorSettings("App", null, null));

        Assert.Equal(expected.Models.Select(m => m.Name + ": " + string.Join(" ", m.Symbols!)),
            plan.Units.Select(u => u.Uapi + ": " + string.Join(" ", u.Symbols)));
        Assert.Equal(expected.Errors.Select(e => e.FullMessage), plan.Diagnostics.Select(d => d.Message));
    }
}
