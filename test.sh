#!/usr/bin/env bash
# The whole test suite, from a fresh machine: Debian prerequisites (clang, libclang, gcc),
# the synced uAPI headers, NuGet restore, then every test project in the solution.
# Ends with one summary line: "N passed, N failed, N skipped".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
eng/install-prereqs.sh
./accelgen headers sync
# The suite must not rewrite tracked files: remember their state and compare at the end.
tracked_state() { git -C "$root" diff HEAD --no-ext-diff 2>/dev/null | sha256sum; }
tracked_before="$(tracked_state)"
results="$root/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test AccelInterop.sln -c Release --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?
# House style (.editorconfig) is part of the suite: any file dotnet format would change fails it.
if ! dotnet format AccelInterop.sln --verify-no-changes --no-restore -v q; then
  echo "test.sh: dotnet format --verify-no-changes found files off the house style (.editorconfig); run: dotnet format AccelInterop.sln" >&2
  status=1
fi
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$(tracked_state)" != "$tracked_before" ]; then
  echo "test.sh: the test run changed tracked files:" >&2
  git -C "$root" status --short --untracked-files=no >&2
  status=1
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
