#!/usr/bin/env bash
# One run of the kernel lane: the scenarios on Debian's kernel in a QEMU VM.
#   $1  the extracted kernel packages (what AccelInterop.Headers' KernelPackages.Fetch returns)
#   $2  hard timeout of the VM in seconds (default 240)
# Publishes the guest program NativeAOT (only when its sources are newer than the last publish),
# builds the initramfs (only when the program or this folder changed), boots, and prints the
# serial console. The transcript is between the lines "lane: begin" and "lane: end <status>".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
kroot="$1"; limit="${2:-240}"
for tool in qemu-system-x86_64 busybox objcopy xz; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed (eng/install-prereqs.sh installs it)" >&2; exit 3; }
done
out="$root/artifacts/kernel-lane"
guest="$out/guest/run"
project="$root/tests/KernelLane/AccelInterop.KernelLane.Guest/AccelInterop.KernelLane.Guest.csproj"
stale() { [ ! -e "$1" ] || [ -n "$(find "${@:2}" -newer "$1" -type f -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ]; }
mkdir -p "$out"
if stale "$guest" "$root/tests/KernelLane" "$root/src/Runtime" "$root/src/Generator" "$root/headers/models" "$root/Directory.Build.props" "$root/Directory.Packages.props"; then
  log="$out/publish.log"
  if ! dotnet publish "$project" -c Release --use-current-runtime -o "$out/guest" --nologo -v quiet -clp:ErrorsOnly >"$log" 2>&1; then
    cat "$log" >&2; exit 1
  fi
  touch "$guest"
fi
initrd="$out/initramfs.cpio.gz"
if stale "$initrd" "$guest" "$here" "$kroot/.complete"; then
  "$here/initramfs.sh" "$kroot" "$guest" "$initrd"
fi
"$here/boot.sh" "$(echo "$kroot"/usr/lib/modules/*/vmlinuz)" "$initrd" "$limit"
