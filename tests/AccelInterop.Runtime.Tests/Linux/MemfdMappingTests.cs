using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Linux;
using AccelInterop.Runtime.Tests.Support;

namespace AccelInterop.Runtime.Tests.Linux;

/// <summary>A real memfd mapped with mmap: bytes written through the span are what pread returns.</summary>
public sealed class MemfdMappingTests
{
    private const int Size = 8192;
    private static readonly LinuxKernel Kernel = LinuxKernel.Instance;

    private static (SafeFileDescriptor Fd, DeviceFile File) CreateMemfd()
    {
        SafeFileDescriptor fd = Kernel.MemfdCreate("accelinterop-test").Value;
        // Writing gives the file its size; a mapping past the end of a file faults on access.
        Assert.Equal(Size, Kernel.Write(fd, new byte[Size]).ThrowIfError());
        return (fd, new DeviceFile(fd));
    }

    [Fact]
    public void Bytes_written_through_the_span_are_read_back_with_pread()
    {
        (SafeFileDescriptor fd, DeviceFile file) = CreateMemfd();
        using (file)
        using (MappedRegion region = file.Map(Size).Value)
        {
            Span<byte> span = region.Span;
            Assert.Equal(Size, span.Length);
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = (byte)(i * 7);
            }

            var back = new byte[Size];
            Assert.Equal(Size, Kernel.PRead(fd, back, 0).ThrowIfError());
            Assert.True(span.SequenceEqual(back));

            var tail = new byte[16];
            Assert.Equal(16, Kernel.PRead(fd, tail, 4096).ThrowIfError());
            Assert.True(span.Slice(4096, 16).SequenceEqual(tail));
        }
    }

    [Fact]
    public void The_mapping_outlives_the_file_and_dies_with_its_dispose()
    {
        (_, DeviceFile file) = CreateMemfd();
        MappedRegion region = file.Map(Size).Value;
        file.Dispose();

        region.Span[100] = 42;
        Assert.Equal(42, region.Slice(100, 1)[0]);

        region.Dispose();
        region.Dispose();
        Assert.Throws<ObjectDisposedException>(() => region.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => region.Address);
    }

    [Fact]
    public void The_kernel_refuses_an_unaligned_offset_with_einval()
    {
        (_, DeviceFile file) = CreateMemfd();
        using (file)
        {
            SysResult<MappedRegion> mapped = file.Map(4096, offset: 1);
            Assert.Equal(ErrnoHeader.ByName["EINVAL"], mapped.Error.Number);
        }
    }

    [Fact]
    public void Slices_are_bounds_checked()
    {
        (_, DeviceFile file) = CreateMemfd();
        using (file)
        using (MappedRegion region = file.Map(Size).Value)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => region.Slice(Size - 4, 5).Length);
            Assert.Equal(4, region.Slice(Size - 4, 4).Length);
        }
    }
}
