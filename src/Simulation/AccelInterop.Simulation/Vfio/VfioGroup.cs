using System.Text;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Iommufd;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Vfio;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// An IOMMU group and its node /dev/vfio/N (<c>drivers/vfio/group.c</c>): opened by one file at a
/// time (-EBUSY), attached to a container with SET_CONTAINER, and the way to its devices' files
/// with GET_DEVICE_FD once the container has an IOMMU backend. Every device file holds the group's
/// file; the group's release detaches it from its container.
/// </summary>
public sealed class VfioGroup : ICharacterDevice, IFileOperations
{
    private static readonly IoctlTable<VfioGroup, NoIoctlFlags> s_ioctls =
        new IoctlTable<VfioGroup, NoIoctlFlags>(IoctlCopyPolicy.Argsz, (byte)VFIO_BASE)
            .Define<vfio_group_status>(VFIO_GROUP_GET_STATUS,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_group_status s) => ref s.flags)),
                static (group, _, ref status, _) => group.GetStatus(ref status))
            .Define(VFIO_GROUP_SET_CONTAINER, static (group, caller, argument) => group.SetContainer(caller, argument))
            .Define(VFIO_GROUP_UNSET_CONTAINER, static (group, _, _) => group.UnsetContainer())
            .Define(VFIO_GROUP_GET_DEVICE_FD, static (group, caller, argument) => group.GetDeviceFd(caller, argument));

    private readonly Lock _lock = new();
    private readonly List<VfioPciDevice> _devices = [];
    private OpenFile? _file;
    private bool _opened;
    private int _cdevDevicesBound;
    private int _containerUsers;
    private OpenFile? _iommufdFile; // the iommufd a SET_CONTAINER chose instead of a container (group->iommufd)

    internal VfioGroup(SimulatedKernel kernel, int id)
    {
        Kernel = kernel;
        Id = id;
    }

    public SimulatedKernel Kernel { get; }

    /// <summary>The IOMMU group number N of /dev/vfio/N.</summary>
    public int Id { get; }

    public string Path => $"/dev/vfio/{Id}";

    /// <summary>The container the group is attached to.</summary>
    public VfioContainer? Container { get; private set; }

    public IReadOnlyList<VfioPciDevice> Devices
    {
        get
        {
            lock (_lock)
            {
                return [.. _devices];
            }
        }
    }

    internal void Add(VfioPciDevice device)
    {
        lock (_lock)
        {
            _devices.Add(device);
        }
    }

    // vfio_group_fops_open: one opener at a time.
    int ICharacterDevice.Open(SimulatedProcess opener, OpenFlags flags, out IFileOperations? operations)
    {
        operations = null;
        lock (_lock)
        {
            if (_opened || _cdevDevicesBound != 0)
            {
                return -EBUSY; // one opener at a time, and none while a device of the group is bound through its cdev
            }

            _opened = true;
        }

        operations = this;
        return 0;
    }

    int IFileOperations.Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument)
    {
        Volatile.Write(ref _file, file); // the group's one open file, which device files will hold
        return s_ioctls.Dispatch(this, caller, command, argument);
    }

    // vfio_group_fops_release: device files hold the group file, so no device is open here.
    void IFileOperations.Release(OpenFile file)
    {
        VfioContainer? container;
        OpenFile? iommufd;
        lock (_lock)
        {
            container = Container;
            Container = null;
            _containerUsers = 0;
            _opened = false;
            _file = null;
            iommufd = _iommufdFile;
            _iommufdFile = null;
        }

        container?.Detach(this);
        iommufd?.Put();
    }

    /// <summary>vfio_device_block_group: a cdev bind keeps the group closed; the group open now: -EBUSY.</summary>
    internal int BlockForCdev()
    {
        lock (_lock)
        {
            if (_opened)
            {
                return -EBUSY;
            }

            _cdevDevicesBound++;
            return 0;
        }
    }

    /// <summary>vfio_device_unblock_group.</summary>
    internal void UnblockForCdev()
    {
        lock (_lock)
        {
            _cdevDevicesBound--;
        }
    }

    /// <summary>A device file of the group closed (vfio_group_unuse_container).</summary>
    internal void DeviceClosed()
    {
        lock (_lock)
        {
            if (Container is not null)
            {
                _containerUsers--;
            }
        }
    }

    /// <summary>vfio_group_has_iommu: a container or an iommufd is set (under the group lock).</summary>
    private bool HasIommu => Container is not null || _iommufdFile is not null;

    // vfio_group_ioctl_get_status.
    private int GetStatus(ref vfio_group_status status)
    {
        lock (_lock)
        {
            status.flags = HasIommu
                ? (uint)(VFIO_GROUP_FLAGS_VIABLE | VFIO_GROUP_FLAGS_CONTAINER_SET)
                : (uint)VFIO_GROUP_FLAGS_VIABLE;
        }

        return 0;
    }

    // vfio_group_ioctl_set_container: the fd (-EFAULT, -EBADF), no container or iommufd yet (-EINVAL); a container
    // attaches; an iommufd is kept with its compatibility IOAS made (iommufd_vfio_compat_ioas_create); else -EBADFD.
    private int SetContainer(SimulatedProcess caller, ulong argument)
    {
        Span<byte> word = stackalloc byte[sizeof(int)];
        if (caller.Memory.CopyArgumentFromUser(word, argument) < 0)
        {
            return -EFAULT;
        }

        if (caller.GetFile(BitConverter.ToInt32(word)) is not OpenFile file)
        {
            return -EBADF;
        }

        try
        {
            lock (_lock)
            {
                if (HasIommu)
                {
                    return -EINVAL;
                }

                if (file.Operations is IommufdContext iommufd)
                {
                    iommufd.CreateCompatIoas();
                    file.Get(); // iommufd_ctx_from_file's reference, held until UNSET_CONTAINER or the group's release
                    _iommufdFile = file;
                    return 0;
                }

                if (file.Operations is not VfioContainer container)
                {
                    return -EBADFD;
                }

                int attached = container.Attach(this);
                if (attached < 0)
                {
                    return attached;
                }

                Container = container;
                _containerUsers = 1;
                return 0;
            }
        }
        finally
        {
            file.Put();
        }
    }

    // vfio_group_ioctl_unset_container: a container or iommufd (-EINVAL), a container's device files all closed (-EBUSY).
    private int UnsetContainer()
    {
        VfioContainer? container;
        OpenFile? iommufd;
        lock (_lock)
        {
            if (!HasIommu)
            {
                return -EINVAL;
            }

            if (Container is not null && _containerUsers != 1)
            {
                return -EBUSY;
            }

            // An iommufd's open devices keep their own binding: only the group's reference goes.
            container = Container;
            Container = null;
            _containerUsers = 0;
            iommufd = _iommufdFile;
            _iommufdFile = null;
        }

        container?.Detach(this);
        iommufd?.Put();
        return 0;
    }

    // vfio_group_ioctl_get_device_fd: the name (strndup_user: -EFAULT, -EINVAL past a page), the device (-ENODEV),
    // then vfio_df_group_open: a container with a backend or an iommufd (-EINVAL); with an iommufd the device is bound
    // there and joins the compatibility IOAS (-ENODEV without one). The new file is O_RDWR | O_CLOEXEC.
    private int GetDeviceFd(SimulatedProcess caller, ulong argument)
    {
        int read = ReadName(caller, argument, out string name);
        if (read < 0)
        {
            return read;
        }

        VfioPciDevice? device;
        OpenFile? groupFile;
        OpenFile? iommufdFile;
        lock (_lock)
        {
            device = _devices.Find(d => d.Name == name || name.StartsWith(d.Name + " ", StringComparison.Ordinal));
            if (device is null)
            {
                return -ENODEV;
            }

            // vfio_df_group_open: a container or iommufd; a container with its backend (vfio_group_use_container).
            if (!HasIommu || (Container is not null && Container.Iommu is null))
            {
                return -EINVAL;
            }

            groupFile = _file!;
            groupFile.Get();
            if (Container is not null)
            {
                _containerUsers++;
            }

            iommufdFile = _iommufdFile;
            iommufdFile?.Get();
        }

        device.Open(cdev: false);
        if (iommufdFile is not null)
        {
            int bound = device.BindForGroup((IommufdContext)iommufdFile.Operations, iommufdFile);
            iommufdFile.Put();
            if (bound < 0)
            {
                device.Close();
                groupFile.Put();
                return bound;
            }
        }

        int fd = caller.InstallFile(new VfioDeviceFile(device, groupFile), OpenFlags.ReadWrite | OpenFlags.CloseOnExec);
        return fd;
    }

    private static int ReadName(SimulatedProcess caller, ulong argument, out string name)
    {
        name = "";
        var bytes = new List<byte>();
        Span<byte> one = stackalloc byte[1];
        for (ulong i = 0; i < Page.Size; i++)
        {
            if (caller.Memory.CopyArgumentFromUser(one, argument + i) < 0)
            {
                return -EFAULT;
            }

            if (one[0] == 0)
            {
                name = Encoding.UTF8.GetString([.. bytes]);
                return 0;
            }

            bytes.Add(one[0]);
        }

        return -EINVAL;
    }

    public override string ToString() => $"vfio group {Id}";
}
