using System.Reflection;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Tests.Support;

namespace AccelInterop.Runtime.Tests.Errors;

/// <summary>The errno table against the installed kernel headers, read through gcc at test time.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class ErrnoTests
{
    [Fact]
    public void Every_header_name_round_trips_through_the_table()
    {
        foreach ((string name, int number) in ErrnoHeader.ByName)
        {
            Assert.Equal(number, Errno.FromName(name).Number);
        }
    }

    [Fact]
    public void Every_header_number_has_its_primary_name()
    {
        // Aliases (EWOULDBLOCK, EDEADLOCK) share a number; the name is the one defined as a number.
        foreach (IGrouping<int, string> names in ErrnoHeader.ByName.GroupBy(pair => pair.Value, pair => pair.Key))
        {
            Assert.Contains(new Errno(names.Key).Name, names);
        }

        Assert.Equal("EAGAIN", new Errno(ErrnoHeader.ByName["EWOULDBLOCK"]).Name);
    }

    [Fact]
    public void The_errno_table_matches_the_headers_name_for_name()
    {
        FieldInfo[] named = typeof(Errno)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(Errno))
            .ToArray();
        Assert.NotEmpty(named);
        foreach (FieldInfo field in named)
        {
            var errno = (Errno)field.GetValue(null)!;
            Assert.Equal(ErrnoHeader.ByName[field.Name], errno.Number);
            Assert.Equal(errno, Errno.FromName(field.Name));
        }

        // Every number the headers define as a number (not as another name) is in the table, named by its field.
        foreach (IGrouping<int, string> names in ErrnoHeader.ByName.GroupBy(pair => pair.Value, pair => pair.Key))
        {
            Assert.Contains(names, name => named.Any(field => field.Name == name && ((Errno)field.GetValue(null)!).Name == name));
        }

        Assert.Equal(ErrnoHeader.ByName.Values.Max(), Errno.MaxNumber);
    }

    [Fact]
    public void Kernel_code_returns_an_errno_negated()
    {
        Assert.Equal(-ErrnoHeader.ByName["EINVAL"], -Errno.EINVAL);
        Assert.Equal(Errno.EINVAL.ToKernelReturn(), -Errno.EINVAL);
        Assert.Equal(Errno.EINVAL, Errno.FromKernelReturn(-Errno.EINVAL));
    }

    [Fact]
    public void Unknown_numbers_and_names_are_reported_as_such()
    {
        Assert.Equal("E?4000", new Errno(4000).Name);
        Assert.Throws<ArgumentException>(() => Errno.FromName("ENOTANERRNO"));
        Assert.Equal("none", Errno.None.Name);
    }

    [Fact]
    public void Kernel_returns_are_negative_errnos()
    {
        Assert.Equal(Errno.ENOTTY, Errno.FromKernelReturn(-ErrnoHeader.ByName["ENOTTY"]));
        Assert.Equal(Errno.None, Errno.FromKernelReturn(3));
        Assert.Equal(-ErrnoHeader.ByName["ETIME"], Errno.ETIME.ToKernelReturn());
        SysResult failed = SysResult.FromKernelReturn(-ErrnoHeader.ByName["EOPNOTSUPP"]);
        Assert.Equal(Errno.EOPNOTSUPP, failed.Error);
        Assert.Equal(7, SysResult.FromKernelReturn(7).Value);
    }

    [Fact]
    public void The_exception_variant_carries_the_errno_and_the_operation()
    {
        var result = SysResult.Failure(Errno.EINVAL);
        ErrnoException thrown = Assert.Throws<ErrnoException>(() => result.ThrowIfError("SOME_IOCTL"));
        Assert.Equal(Errno.EINVAL, thrown.Errno);
        Assert.Equal("SOME_IOCTL", thrown.Operation);
        Assert.Contains($"EINVAL ({ErrnoHeader.ByName["EINVAL"]})", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(5, SysResult.Success(5).ThrowIfError("SOME_IOCTL"));
    }
}
