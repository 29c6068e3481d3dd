using AccelInterop.Emitter.Selection;
using AccelInterop.Model.Serialization;

namespace AccelInterop.SourceGenerator.Tests;

/// <summary>The selection file format and the dependency closure over the committed models.</summary>
public class SelectionTests
{
    private static readonly IReadOnlyList<NamedModel> Models = EmbeddedModels.Models;

    private static SelectionResult Select(string text) => UapiSelector.Select(Models, SelectionFile.Parse(text));

    private static IReadOnlyList<string> Symbols(SelectionResult r, string uapi) => r.Models.Single(m => m.Name == uapi).Symbols!;

    [Fact]
    public void Comments_blank_lines_and_excludes_are_read_with_their_line_numbers()
    {
        var parse = SelectionFile.Parse("// header\n\n  drm_xe_gem_create  // trailing\n-DRM_XE_*\nbad name\n");
        Assert.Equal(["drm_xe_gem_create", "DRM_XE_*"], parse.Entries.Select(e => e.Pattern));
        Assert.Equal([3, 4], parse.Entries.Select(e => e.Line));
        Assert.True(parse.Entries[1].Exclude && parse.Entries[1].IsWildcard);
        Assert.Equal(5, Assert.Single(parse.Errors).Line);
    }

    [Fact]
    public void A_request_brings_its_argument_struct_and_the_struct_its_flag_family()
    {
        var r = Select("DRM_IOCTL_XE_GEM_CREATE\n");
        Assert.Empty(r.Errors);
        Assert.Single(r.Models);
        var xe = Symbols(r, "xe");
        Assert.Contains("Ioctl:DRM_IOCTL_XE_GEM_CREATE", xe);
        Assert.Contains("Record:drm_xe_gem_create", xe);
        Assert.Contains("Constant:DRM_XE_GEM_CREATE_FLAG_SCANOUT", xe);
        Assert.DoesNotContain("Record:drm_xe_vm_bind", xe);
    }

    [Fact]
    public void A_nested_record_brings_its_annotated_flag_family_and_its_anonymous_members()
    {
        var xe = Symbols(Select("drm_xe_vm_bind_op\n"), "xe");
        Assert.Contains("Constant:DRM_XE_VM_BIND_FLAG_READONLY", xe);
        // The facts file names the family; the record whose name the old heuristic found it through is not needed.
        Assert.DoesNotContain("Record:drm_xe_vm_bind", xe);
        Assert.Contains(xe, s => s.StartsWith("Record:drm_xe_vm_bind_op::", StringComparison.Ordinal));
    }

    [Fact]
    public void Wildcards_whole_uapis_and_excludes_apply_in_order()
    {
        var r = Select("qda\n-DRM_QDA_*\nDRM_IOCTL_QDA_*\n");
        var qda = Symbols(r, "qda");
        Assert.DoesNotContain(qda, s => s.StartsWith("Constant:DRM_QDA_", StringComparison.Ordinal) && !s.Contains("IOCTL"));
        Assert.Contains(qda, s => s.StartsWith("Ioctl:DRM_IOCTL_QDA_", StringComparison.Ordinal));
        Assert.Equal(["qda"], r.Models.Select(m => m.Name));
    }

    [Fact]
    public void A_whole_uapi_keeps_the_model_entire()
    {
        var full = EmbeddedModels.Get("vfio");
        var subset = Select("vfio\n").Models.Single().Model;
        Assert.Equal(full.Records.Count, subset.Records.Count);
        Assert.Equal(full.Constants.Count, subset.Constants.Count);
        Assert.Equal(full.Ioctls.Count, subset.Ioctls.Count);
        Assert.Equal(full.Enums.Count, subset.Enums.Count);
    }

    [Fact]
    public void Unknown_names_are_errors_at_their_line_with_suggestions()
    {
        var r = Select("drm_xe_gem_create\n// note\ndrm_xe_gem_craete\nNO_SUCH_THING_AT_ALL\nZZZ_*\n");
        Assert.Equal([3, 4, 5], r.Errors.Select(e => e.Line));
        Assert.Contains("drm_xe_gem_create", r.Errors[0].Suggestions);
        Assert.Contains("did you mean", r.Errors[0].FullMessage);
        Assert.Empty(r.Errors[1].Suggestions);
    }

    [Fact]
    public void Enumerators_and_typedef_names_select_what_they_name()
    {
        var model = EmbeddedModels.Get("drm");
        var typedefOfRecord = model.Typedefs.First(t => t.Underlying.IsUniform && t.Underlying.Value.Kind == Model.TypeRefKind.Record);
        var drm = Symbols(Select(typedefOfRecord.Name + "\n"), "drm");
        Assert.Contains("Record:" + typedefOfRecord.Underlying.Value.Name, drm);

        var e = EmbeddedModels.Get("xe").Enums.First(x => x.Tag != null);
        Assert.Contains("Enum:" + e.Id, Symbols(Select(e.Enumerators[0].Name + "\n"), "xe"));
    }

    [Fact]
    public void Restrict_gives_back_the_selected_model()
    {
        var r = Select("drm_xe_exec\n").Models.Single();
        var again = UapiSelector.Restrict(EmbeddedModels.Get("xe"), r.Symbols!);
        Assert.Equal(r.Model.Records.Select(x => x.Id), again.Records.Select(x => x.Id));
        Assert.Equal(r.Model.Constants.Select(x => x.Name), again.Constants.Select(x => x.Name));
    }

    [Fact]
    public void Embedded_models_are_the_committed_ones()
    {
        foreach (var name in EmbeddedModels.Names)
        {
            var committed = ModelReader.Read(File.ReadAllText(Path.Combine(Checkout.Root, "headers", "models", name + ".uapi.json")));
            Assert.Equal(committed.Records.Count, EmbeddedModels.Get(name).Records.Count);
            Assert.Equal(committed.Ioctls.Select(i => i.Name), EmbeddedModels.Get(name).Ioctls.Select(i => i.Name));
        }
    }
}
