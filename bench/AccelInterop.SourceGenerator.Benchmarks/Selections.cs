using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AccelInterop.SourceGenerator.Benchmarks;

/// <summary>The selections and the one-file compilation every generator benchmark runs on.</summary>
internal static class Selections
{
    /// <summary>Every embedded uAPI, whole (what <c>accelgen generate</c> with no input emits).</summary>
    public const string AllUapis = "drm\namdxdna\nqda\nxe\nvfio\ndmabuf\n";

    /// <summary>Ten names from four uAPIs: xe gem/vm/exec structs and requests, two drm requests, an amdxdna struct, a VFIO request.</summary>
    public const string TenNames = """
        drm_xe_gem_create
        DRM_IOCTL_XE_GEM_CREATE
        drm_xe_vm_create
        DRM_IOCTL_XE_VM_CREATE
        drm_xe_exec
        DRM_IOCTL_XE_EXEC
        DRM_IOCTL_GEM_CLOSE
        DRM_IOCTL_SYNCOBJ_CREATE
        amdxdna_drm_create_bo
        VFIO_DEVICE_GET_INFO
        """;

    public static CSharpCompilation Compilation(string source = "class A { int X = 1; }") =>
        CSharpCompilation.Create("App", [CSharpSyntaxTree.ParseText(source)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)], new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
}
