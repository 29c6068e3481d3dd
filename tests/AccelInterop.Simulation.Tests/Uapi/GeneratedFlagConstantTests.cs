using System.Reflection;
using AccelInterop.Runtime.Abi;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;

namespace AccelInterop.Simulation.Tests.Uapi;

/// <summary>
/// Issue 12, "generated flag constants are int while the members they go into are uint": a flag
/// constant is typed like the flags member its family goes into, so C-style code compiles as written.
/// </summary>
public sealed class GeneratedFlagConstantTests
{
    [Fact]
    public void Generated_flag_constants_are_int_while_the_members_they_go_into_are_uint()
    {
        // Compiles only when the constants are unsigned: `~` of an int constant is negative and has no uint conversion.
        var wait = new drm_syncobj_wait { flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT };
        wait.flags &= ~DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL;
        Assert.Equal((uint)DRM_SYNCOBJ_WAIT_FLAGS.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, wait.flags);

        // Every member that takes a flag family, in every uAPI bound into this assembly: each constant of the
        // family converts to the member's type without a cast (unsigned, no wider than the member).
        var members = typeof(GeneratedFlagConstantTests).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Instance))
            .Select(f => (Field: f, Family: f.GetCustomAttribute<FlagFamilyAttribute>()?.Family))
            .Where(m => m.Family is not null)
            .ToList();
        Assert.NotEmpty(members);
        var constants = typeof(GeneratedFlagConstantTests).Assembly.GetTypes()
            .Where(t => !t.IsEnum)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static).Where(f => f.IsLiteral))
            .GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First());
        var wrong = new List<string>();
        int checkedPairs = 0;
        foreach (var (field, family) in members)
        {
            foreach (string name in Enum.GetNames(family!))
            {
                if (!constants.TryGetValue(name, out FieldInfo? constant))
                {
                    continue;
                }

                checkedPairs++;
                if (!ConvertsWithoutCast(constant.FieldType, field.FieldType))
                {
                    wrong.Add($"{field.DeclaringType!.Name}.{field.Name} ({field.FieldType.Name}) <- {name} ({constant.FieldType.Name})");
                }
            }
        }

        Assert.NotEqual(0, checkedPairs);
        Assert.Empty(wrong);
    }

    private static bool ConvertsWithoutCast(Type constant, Type member) =>
        constant == member || (constant == typeof(uint) && member == typeof(ulong));
}
