#!/usr/bin/env bash
# The leak guard's cost (issue 3): the public build with its guard, side by side with the same
# build whose guard has nothing to look for, on the shared 10,000-document corpus.
#
#   bash bench/guard.sh [SIZE]            default size: 10000
#
# The baseline is the same source compiled with the `unguarded-for-benchmarks` feature (into
# target/unguarded): its guard looks as of the year 2200, when every document of the corpus is
# released, so it reads no file, and its source check (what people paste) does not run. Two instants are measured:
#   nightly — the day after the corpus's last meeting starts, while it is in session: what a
#             nightly CI build hides (that meeting's briefings);
#   stress  — 2003-06-01, when about half of the archive is still hidden.
# Environment: RUNS (default 5), CORPORA (default /tmp/plenary-bench; the corpus of
# bench/run.sh, generated here if missing), GEN (gen_corpus.py), OUT (output root, default
# /dev/shm), SEARCH (on or off, default off: the search index is the same in both builds and
# only dilutes the ratio). Prints a Markdown report on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/corpus.sh
n=${1:-10000}
runs=${RUNS:-5}
corpora=${CORPORA:-/tmp/plenary-bench}
gen=${GEN:-../shared/bench/gen_corpus.py}
out_root=${OUT:-/dev/shm}/plenary-guard-$$
trap 'rm -rf "$out_root"' EXIT

cargo build --profile dist --locked --quiet
CARGO_TARGET_DIR=target/unguarded cargo build --profile dist --locked --quiet --features unguarded-for-benchmarks
guarded=$PWD/target/dist/plenary
unguarded=$PWD/target/unguarded/dist/plenary

site=$(corpus_site "$n" "$corpora" "$gen" "${SEARCH:-off}")
# The last meeting to start, and the day after its start (noon UTC): it is in session.
last_start=$(grep -h '^start = ' "$site"/meetings/*/meeting.toml | sort | tail -1 | cut -d' ' -f3)
nightly=$(date -u -d "$last_start + 1 day" +%Y-%m-%dT12:00:00Z)

echo "## Leak guard cost — $(date -u +%Y-%m-%d), $(nproc) cores, plenary $(git rev-parse --short HEAD), $n documents, search ${SEARCH:-off}"
echo
echo "| as of | guard | no guard | ratio | CPU time, guard / no guard | what the guard looked for |"
echo "|---|---:|---:|---:|---:|---|"
for as_of in "$nightly" 2003-06-01; do
  json=$out_root/$as_of.json
  mkdir -p "$out_root"
  hyperfine --style none --warmup 1 --runs "$runs" --export-json "$json" \
    -n guard "$guarded build --site $site --audience public --as-of $as_of --out $out_root/g" \
    -n unguarded "$unguarded build --site $site --audience public --as-of $as_of --out $out_root/u" >&2
  looked=$("$guarded" build --site "$site" --audience public --as-of "$as_of" --out "$out_root/g" 2>&1 |
    sed -n 's/^leak guard, public: .*\[\(.*\) hidden documents.*/\1 hidden documents/p')
  python3 - "$json" "$as_of" "$looked" <<'PY'
import json, sys
path, as_of, looked = sys.argv[1:]
results = {r["command"]: r for r in json.load(open(path))["results"]}
wall = {name: r["median"] for name, r in results.items()}
# Mean user + system time: the work done, which two cores hide in part when one is idle.
cpu = {name: r["user"] + r["system"] for name, r in results.items()}
print(
    f"| {as_of} | {wall['guard']:.2f} s | {wall['unguarded']:.2f} s "
    f"| **{wall['guard'] / wall['unguarded']:.2f}** "
    f"| {cpu['guard']:.1f} s / {cpu['unguarded']:.1f} s = {cpu['guard'] / cpu['unguarded']:.2f} | {looked} |"
)
PY
done
echo
echo "Wall times: medians of $runs runs each after a warm-up (hyperfine $(hyperfine --version | cut -d' ' -f2)), output on ${OUT:-/dev/shm}; CPU times: their means."
