// The kernel lane's guest: runs every scenario on the VM's kernel and prints the transcript.
// Arguments: edu's PCI address and its VFIO group node (found by the initramfs's /init).
using AccelInterop.KernelLane;
using AccelInterop.KernelLane.Guest;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: run EDU-PCI-ADDRESS /dev/vfio/GROUP");
    return 2;
}

LaneScenarios.Run(new LinuxLaneHost(args[0], args[1]), Console.Out);
return 0;
