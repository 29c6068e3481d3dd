#!/usr/bin/env bash
# Builds the kernel lane's initramfs (a gzip'd newc cpio) from
#   $1  the extracted kernel packages (holding usr/lib/modules/<release>/)
#   $2  the guest program (a native executable); it becomes /lane/run, with its shared-library closure
#   $3  the output file (written to a temporary name, then renamed)
# Modules: vgem, vfio-pci and vfio_iommu_type1, each after what its .modinfo 'depends=' names
# (Debian ships no modules.dep), decompressed so busybox's insmod can load them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kroot="$1"; guest="$2"; out="$3"
[ -f "$guest" ] && [ -x "$guest" ] || { echo "initramfs.sh: $guest is not an executable" >&2; exit 2; }
moddir="$(echo "$kroot"/usr/lib/modules/*/kernel)"
[ -d "$moddir" ] || { echo "initramfs.sh: no usr/lib/modules/<release>/kernel under $kroot" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,dev,proc,sys,lib/modules,lane,tmp}

# Module names use '-' and '_' interchangeably; index the files by the '_' spelling.
declare -A file_of
while IFS= read -r file; do
  name="${file##*/}"; name="${name%.ko*}"
  file_of["${name//-/_}"]="$file"
done < <(find "$moddir" -name '*.ko*')

declare -A placed
order=()
place() {
  local name="${1//-/_}" file deps dep
  [ -n "${placed[$name]:-}" ] && return 0
  file="${file_of[$name]:-}"
  [ -n "$file" ] || { echo "initramfs.sh: module $name not in $moddir" >&2; exit 1; }
  placed[$name]=1
  case "$file" in
    *.xz) xz -dc "$file" >"$work/lib/modules/$name.ko" ;;
    *.zst) zstd -qdc "$file" >"$work/lib/modules/$name.ko" ;;
    *) cp "$file" "$work/lib/modules/$name.ko" ;;
  esac
  objcopy -O binary --only-section=.modinfo "$work/lib/modules/$name.ko" "$work/modinfo"
  deps="$(tr '\0' '\n' <"$work/modinfo" | sed -n 's/^depends=//p')"
  for dep in ${deps//,/ }; do place "$dep"; done
  order+=("$name")
}
for module in vgem vfio_iommu_type1 vfio_pci; do place "$module"; done
rm -f "$work/modinfo"
printf '%s\n' "${order[@]}" >"$work/lib/modules/order"

cp /bin/busybox "$work/bin/busybox"
cp "$here/init" "$work/init"
chmod 755 "$work/init"
cp "$guest" "$work/lane/run"
# The program's shared libraries (and the dynamic loader) at the paths it was linked against.
{ ldd "$guest" 2>/dev/null || true; } | { grep -o '/[^ ]*' || true; } | sort -u | while read -r lib; do
  mkdir -p "$work$(dirname "$lib")"
  cp -L "$lib" "$work$lib"
done

tmp="$out.tmp.$$"
(cd "$work" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1 >"$tmp")
mv "$tmp" "$out"
