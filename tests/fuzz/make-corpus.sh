#!/usr/bin/env bash
# make-corpus.sh: seed corpora for the libFuzzer targets, one folder per target.
#
#   tests/fuzz/make-corpus.sh BUILD_DIR OUT_DIR
#
# Seeds: the real /proc files and kernel logs in ../shared/snapshots (next to the clone in CI)
# and tests/data, the presets and scenarios in data/, and what BUILD_DIR/tests/fuzz/fuzz-seeds
# writes with the app's own writers (bundles of every snapshot folder, saved simulations, page
# flags). The corpora are made, not kept: nothing here is committed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:?usage: make-corpus.sh BUILD_DIR OUT_DIR}
out=${2:?usage: make-corpus.sh BUILD_DIR OUT_DIR}
seeds_tool="$build/tests/fuzz/fuzz-seeds"
shared="$repo/../shared/snapshots"

snapshot_roots=("$repo/tests/data")
[ -d "$shared" ] && snapshot_roots+=("$shared")

kinds=(bundle buddyinfo kpageflags meminfo oom pagetypeinfo preset scenario session vmstat zoneinfo)
for k in "${kinds[@]}"; do
  mkdir -p "$out/$k"
done

# Copies FILE into a corpus under a name made from its path, so that equal names do not clash.
seed_name() {
  local name=${1#"$repo/"}
  name=${name#../}
  echo "${name//\//_}"
}
add() {
  cp "$2" "$out/$1/$(seed_name "$2")"
}

# /proc files by name (zoneinfo, zoneinfo.earlier-capture, …) and kernel logs.
for root in "${snapshot_roots[@]}"; do
  while IFS= read -r -d '' f; do
    base=$(basename "$f")
    case "${base%%.*}" in
      zoneinfo|buddyinfo|pagetypeinfo|meminfo|vmstat) add "${base%%.*}" "$f" ;;
      dmesg|kern|oom|messages|syslog|journal) add oom "$f" ;;
    esac
  done < <(find "$root" -type f -print0)
done

for f in "$repo"/data/presets/*.json; do add preset "$f"; done
for f in "$repo"/data/scenarios/*.json "$repo"/tests/data/scenarios/*.json; do add scenario "$f"; done

# Bundles of every folder holding /proc files, saved simulations and page flags.
if [ -x "$seeds_tool" ]; then
  export ASAN_OPTIONS=detect_leaks=0
  for root in "${snapshot_roots[@]}"; do
    while IFS= read -r -d '' dir; do
      "$seeds_tool" bundle "$dir" "$out/bundle/$(seed_name "$dir").json" 2>/dev/null || true
    done < <(find "$root" -mindepth 1 -maxdepth 2 -type d -print0)
  done
  for preset in tiny-64m i386-highmem-1g; do
    "$seeds_tool" session "$preset" "$out/session/$preset.json"
  done
  "$seeds_tool" kpageflags "$out/kpageflags/fixed-zone"
  mv "$out/kpageflags/fixed-zone-tails-bundle.json" "$out/bundle/fixed-zone-kpageflags.json"
else
  echo "make-corpus.sh: $seeds_tool not built: no bundle, session or kpageflags seeds" >&2
fi

# Small hand-made seeds kept in the repository, if any.
for k in "${kinds[@]}"; do
  if [ -d "$here/seeds/$k" ]; then
    cp "$here/seeds/$k"/* "$out/$k/"
  fi
done

for k in "${kinds[@]}"; do
  printf '%-13s %4d seeds\n' "$k" "$(find "$out/$k" -type f | wc -l)"
done
