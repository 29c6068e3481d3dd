using System.Collections.Immutable;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model;

namespace AccelInterop.SourceGenerator.Tests;

/// <summary>
/// The plan parses only the embedded models a selection reaches (a search of each model's text);
/// these prove the search never misses a name and that the plan resolves as over every model.
/// </summary>
public class ReachTests
{
    public static TheoryData<string> Uapis => new(EmbeddedModels.Names);

    /// <summary>Every name a selection line may use for the model's declarations (what the selector indexes).</summary>
    private static IEnumerable<string> SelectableNames(UapiModel m) =>
        m.Records.SelectMany(r => new[] { r.Tag, r.TypedefName, r.IsAnonymous ? null : r.Id })
            .Concat(m.Enums.SelectMany(e => new[] { e.Tag, e.TypedefName }.Concat(e.Enumerators.Select(x => x.Name))))
            .Concat(m.Constants.Select(c => c.Name))
            .Concat(m.Ioctls.Select(i => i.Name))
            .Concat(m.Typedefs.Select(t => t.Name))
            .OfType<string>()
            .Distinct();

    [Theory]
    [MemberData(nameof(Uapis))]
    public void Every_selectable_name_reaches_its_uapi(string uapi)
    {
        var names = SelectableNames(EmbeddedModels.Get(uapi)).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(EmbeddedModels.Reaches(uapi, SelectionFile.Parse(n + "\n")), n));
        Assert.True(EmbeddedModels.Reaches(uapi, SelectionFile.Parse(uapi + "\n")));
    }

    [Fact]
    public void A_name_of_one_uapi_leaves_the_others_unreached_and_a_wildcard_reaches_all()
    {
        var exec = SelectionFile.Parse("drm_xe_exec\n");
        Assert.Equal(["xe"], EmbeddedModels.Names.Where(n => EmbeddedModels.Reaches(n, exec)));
        Assert.All(EmbeddedModels.Names, n => Assert.True(EmbeddedModels.Reaches(n, SelectionFile.Parse("DRM_XE_*\n"))));
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
        var plan = SelectionPlanner.Plan([new SelectionInput("/app/AccelInterop.txt", selection)], ImmutableArray<UserModelInput>.Empty,
            new GeneratorSettings("App", null, null));

        Assert.Equal(expected.Models.Select(m => m.Name + ": " + string.Join(" ", m.Symbols!)),
            plan.Units.Select(u => u.Uapi + ": " + string.Join(" ", u.Symbols)));
        Assert.Equal(expected.Errors.Select(e => e.FullMessage), plan.Diagnostics.Select(d => d.Message));
    }
}
