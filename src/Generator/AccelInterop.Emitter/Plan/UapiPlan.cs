using System.Collections.Generic;

namespace AccelInterop.Emitter.Plan;

/// <summary>
/// Everything one uAPI's generated files are rendered from: typed facts, no C# text. It is the whole
/// model's; the consumer's names and the selection are applied to the rendered text (<see cref="Rendering.RenderedUapi"/>).
/// </summary>
public sealed class UapiPlan
{
    public string Source { get; set; } = "";
    public List<string> Headers { get; } = new List<string>();
    public List<string> Targets { get; } = new List<string>();
    public List<StructPlan> Structs { get; } = new List<StructPlan>();
    public List<InlineArrayPlan> InlineArrays { get; } = new List<InlineArrayPlan>();
    public List<EnumPlan> Enums { get; } = new List<EnumPlan>();
    public List<ConstantPlan> Constants { get; } = new List<ConstantPlan>();
    public List<IoctlPlan> Ioctls { get; } = new List<IoctlPlan>();
    public List<LayoutCheckPlan> LayoutChecks { get; } = new List<LayoutCheckPlan>();
}
