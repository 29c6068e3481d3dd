using System.Collections.Concurrent;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Linux;
using AccelInterop.Runtime.Tests.Support;

namespace AccelInterop.Runtime.Tests.Linux;

/// <summary>
/// Disposing a device file while other threads are in ioctl on it: the descriptor is closed
/// only after in-flight calls, so no call reaches a reused number (which here would be a
/// /dev/null opened meanwhile, answering ENOTTY).
/// </summary>
public sealed class DeviceFileConcurrencyTests
{
    [Fact]
    public async Task Calls_racing_dispose_succeed_or_fail_with_ebadf_only()
    {
        IoctlRequest<int> fionread = KernelProbe.Request<int>("FIONREAD");
        for (int round = 0; round < 20; round++)
        {
            (SafeFileDescriptor read, SafeFileDescriptor write) = LinuxKernel.Instance.Pipe().Value;
            using var writer = new DeviceFile(write);
            var reader = new DeviceFile(read);
            var unexpected = new ConcurrentBag<Errno>();

            Task[] workers = [.. Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            {
                while (true)
                {
                    int available = 0;
                    SysResult result = reader.Ioctl(fionread, ref available);
                    if (result.Error == Errno.EBADF)
                    {
                        return;
                    }

                    if (!result.IsSuccess)
                    {
                        unexpected.Add(result.Error);
                    }
                }
            }))];

            await Task.Delay(2);
            reader.Dispose();
            var reuse = Enumerable.Range(0, 8).Select(_ => DeviceFile.Open("/dev/null").Value).ToList();
            await Task.WhenAll(workers);
            reuse.ForEach(file => file.Dispose());

            Assert.Empty(unexpected);
        }
    }
}
