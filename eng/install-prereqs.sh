#!/usr/bin/env bash
# Installs the Debian packages the AccelInterop toolchain needs. Idempotent and silent when all
# are present; otherwise one `apt-get update` + one install, then one line per package installed.
#   clang-19              compiler oracle for the cross targets (layout probes, include closure of
#                         `headers sync`); pulls libclang-common-19-dev, clang's resource headers
#   libclang1-19          libclang for the scanner (loongarch64 needs libclang >= 16)
#   gcc                   host C compiler for layout probes
#   debian-archive-keyring  verifies the archive `headers sync` fetches linux-libc-dev from
#   abigail-tools         abidiff, the reference the tests hold `accelgen diff` against
#   qemu-user-static      runs the generated layout self-checks on the other architectures whose .NET
#                         runtime pack the NuGet registry serves (only arm64 today); run directly, no binfmt
#   libc6-arm64-cross, libstdc++6-arm64-cross, libgcc-s1-arm64-cross
#                         the aarch64 C and C++ runtime .NET needs under qemu-aarch64-static (its -L root);
#                         these four on x86_64 machines only
#   qemu-system-x86, busybox-static
#                         the kernel lane (eng/kernel-lane): boots Debian's kernel with the edu device behind an
#                         emulated IOMMU, from an initramfs whose shell and tools are the static busybox; x86_64 only
set -euo pipefail

# package  file that proves it is usable (checked together with dpkg's status)
wanted=(
  "clang-19 /usr/bin/clang-19"
  "libclang1-19 /usr/lib/llvm-19/lib/libclang-19.so.1"
  "gcc /usr/bin/gcc"
  "debian-archive-keyring /usr/share/keyrings/debian-archive-keyring.gpg"
  "abigail-tools /usr/bin/abidiff"
)
if [[ $(dpkg --print-architecture 2>/dev/null) == amd64 ]]; then
  # The emulated layout check runs aarch64 from an x86_64 machine (tests/Support/AccelInterop.Testing/Emulation);
  # the kernel lane boots an amd64 kernel (eng/kernel-lane).
  wanted+=(
    "qemu-user-static /usr/bin/qemu-aarch64-static"
    "libc6-arm64-cross /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1"
    "libstdc++6-arm64-cross /usr/aarch64-linux-gnu/lib/libstdc++.so.6"
    "libgcc-s1-arm64-cross /usr/aarch64-linux-gnu/lib/libgcc_s.so.1"
    "qemu-system-x86 /usr/bin/qemu-system-x86_64"
    "busybox-static /bin/busybox"
  )
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-prereqs: this is not a Debian-based system (no dpkg-query); install clang-19, libclang1-19, gcc, abigail-tools, qemu-user-static, an aarch64 C/C++ runtime, qemu-system-x86 and a static busybox by hand" >&2
  exit 1
fi

missing=()
for entry in "${wanted[@]}"; do
  read -r package file <<<"$entry"
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)
  if [[ "$status" != ii* || ! -e "$file" ]]; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-prereqs: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "${sudo[@]}" apt-get update -q >"$log" 2>&1 \
  || ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
  cat "$log" >&2
  echo "install-prereqs: failed to install: ${missing[*]}" >&2
  exit 1
fi

for package in "${missing[@]}"; do
  echo "installed $package $(dpkg-query -W -f='${Version}' "$package")"
done
