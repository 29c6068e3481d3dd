#!/usr/bin/env bash
# The source generator's cost inside a real build, cold compiler process each time.
# Usage: cold-build.sh [ten|all] [runs] [readytorun|il|both]   (default: ten 3 readytorun)
# Builds a throwaway console project under artifacts/cold-build/ that takes the generator the way the
# samples do (eng/InRepoGenerator.targets), with -p:ReportAnalyzer=true and UseSharedCompilation=false
# (csc runs in a new process: the generator pays assembly loading, JIT and model reading every time),
# and prints the UapiBindingsGenerator line of the compiler's generator timing summary per run.
# No binary log: its writer compresses on another thread while csc runs, on the same cores.
# The generator runs from its ReadyToRun copies where they are built (eng/ReadyToRunGenerator.props); "il" builds
# with -p:AccelInteropReadyToRun=false, and "both" alternates the two forms run by run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
which="${1:-ten}"
runs="${2:-3}"
case "${3:-readytorun}" in
  readytorun|il) forms="${3:-readytorun}" ;;
  both) forms="readytorun il" ;;
  *) echo "cold-build.sh: error: form '$3' is not readytorun, il or both" >&2; exit 2 ;;
esac
dir="$root/artifacts/cold-build/$which"
mkdir -p "$dir"
cat > "$dir/ColdBuild.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <IsPackable>false</IsPackable>
    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$root/src/Runtime/AccelInterop.Runtime/AccelInterop.Runtime.csproj" />
    <AdditionalFiles Include="AccelInterop.txt" />
  </ItemGroup>
  <Import Project="$root/eng/InRepoGenerator.targets" />
</Project>
PROJ
echo 'System.Console.WriteLine("cold build");' > "$dir/Program.cs"
case "$which" in
  ten) printf '%s\n' drm_xe_gem_create DRM_IOCTL_XE_GEM_CREATE drm_xe_vm_create DRM_IOCTL_XE_VM_CREATE drm_xe_exec \
         DRM_IOCTL_XE_EXEC DRM_IOCTL_GEM_CLOSE DRM_IOCTL_SYNCOBJ_CREATE amdxdna_drm_create_bo VFIO_DEVICE_GET_INFO > "$dir/AccelInterop.txt" ;;
  all) printf '%s\n' drm amdxdna qda xe vfio dmabuf > "$dir/AccelInterop.txt" ;;
  *) echo "cold-build.sh: error: selection '$which' is not ten or all" >&2; exit 2 ;;
esac
# Build everything once so the measured runs compile only the consumer.
dotnet build "$dir/ColdBuild.csproj" -c Release -nologo -v q -p:UseSharedCompilation=false > /dev/null
for i in $(seq 1 "$runs"); do
  for form in $forms; do
    dotnet build-server shutdown > /dev/null 2>&1 || true
    touch "$dir/Program.cs"
    dotnet build "$dir/ColdBuild.csproj" -c Release -nologo --no-dependencies -p:ReportAnalyzer=true -p:UseSharedCompilation=false \
      -p:AccelInteropReadyToRun="$([ "$form" = il ] && echo false || echo true)" -v:d > "$dir/run$i-$form.log"
    line="$(grep -E '^\s+[0-9.]+\s+[0-9]+\s+AccelInterop\.SourceGenerator\.UapiBindingsGenerator' "$dir/run$i-$form.log" | head -n1 | tr -s ' ')"
    total="$(grep -E 'Total generator execution time' "$dir/run$i-$form.log" | head -n1 | tr -s ' ')"
    echo "run $i ($which, $form):$line |$total | load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
