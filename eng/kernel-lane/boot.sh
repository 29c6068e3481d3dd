#!/usr/bin/env bash
# Boots the kernel lane's VM headless and prints its serial console to stdout:
#   $1  the kernel image (vmlinuz)   $2  the initramfs   $3  hard timeout in seconds
# q35 with an emulated Intel IOMMU with interrupt remapping (without it VFIO_SET_IOMMU is EPERM)
# and QEMU's edu device. KVM is used only where it really boots this kernel: some hosts have a
# /dev/kvm that cannot, so a KVM boot that does not reach the lane's end marker is redone on TCG.
# ACCELINTEROP_LANE_ACCEL=tcg|kvm forces one. no_timer_check: on a busy host TCG can miss the IO-APIC timer check
# and the kernel panics before /init.
set -euo pipefail
kernel="$1"; initrd="$2"; limit="$3"
qemu=(qemu-system-x86_64 -machine q35 -device intel-iommu,intremap=on -device edu
      -m 1024 -smp 1 -nographic -no-reboot -vga none -nodefaults -serial stdio
      -kernel "$kernel" -initrd "$initrd"
      -append "console=ttyS0 intel_iommu=on quiet loglevel=1 panic=-1 no_timer_check")
boot() { timeout --kill-after=5 "$1" "${qemu[@]}" "${@:2}"; }
accel="${ACCELINTEROP_LANE_ACCEL:-}"
if [ "$accel" != tcg ] && [ -w /dev/kvm ]; then
  log="$(boot "$limit" -machine kernel-irqchip=split -accel kvm -cpu host 2>&1 || true)"
  if grep -q '^lane: end ' <<<"$log" || [ "$accel" = kvm ]; then
    echo "lane: accel kvm"; printf '%s\n' "$log"; exit 0
  fi
fi
echo "lane: accel tcg"
boot "$limit" -accel tcg -cpu max 2>&1
