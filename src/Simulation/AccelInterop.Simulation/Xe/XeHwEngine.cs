namespace AccelInterop.Simulation.Xe;

/// <summary>One hardware engine of a GT (<c>struct xe_hw_engine</c>): class, logical instance, GT.</summary>
public readonly record struct XeHwEngine(XeEngineClass Class, ushort Instance, ushort GtId);
