using System.Reflection;
using AccelInterop.Runtime.Abi;
using AccelInterop.Shared;

namespace AccelInterop.Runtime.Tests.Abi;

/// <summary>The names the emitter's templates and the analyzers spell (src/Shared/RuntimeNames.cs) exist in the Runtime.</summary>
public sealed class RuntimeNamesTests
{
    [Fact]
    public void Every_shared_name_is_a_runtime_type_or_member()
    {
        var runtime = typeof(LayoutCheck).Assembly;
        Assert.NotEmpty(RuntimeNames.All);
        foreach (var row in RuntimeNames.All)
        {
            var type = runtime.GetType($"{row[0]}.{row[1]}");
            Assert.True(type != null, $"{row[0]}.{row[1]} is not a Runtime type");
            if (row[2] is string member)
            {
                Assert.True(type!.GetMember(member, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance).Length > 0,
                    $"{type} has no public member {member}");
            }
        }
    }

    [Fact]
    public void Full_attribute_names_resolve()
    {
        var runtime = typeof(LayoutCheck).Assembly;
        foreach (var name in new[] { RuntimeNames.MustBeZeroAttribute, RuntimeNames.UserPointerAttribute, RuntimeNames.HandleAttribute, RuntimeNames.FileDescriptorAttribute,
                     RuntimeNames.FlagFamilyAttribute, RuntimeNames.RequestDirectionAttribute, RuntimeNames.SysResultFullName })
        {
            Assert.True(runtime.GetType(name) != null, name);
        }
    }
}
