# Sourced by the benchmark scripts: the shared corpus, generated once and kept.
#
#   site=$(corpus_site N CORPORA GEN SEARCH)
#
# Generates N documents with ../shared/bench/gen_corpus.py (layouts plenary and hugo) into
# CORPORA/N unless already there, and prints the plenary site folder to build: with SEARCH
# off, a copy of the corpus with `search = false` (as Hugo builds no search index).
corpus_site() {
  local n=$1 corpora=$2 gen=$3 search=$4
  local corpus=$corpora/$n
  if [ ! -d "$corpus/hugo" ]; then
    python3 "$gen" -n "$n" --layouts plenary,hugo --out "$corpus" >&2
    # The generator names a zone the tz database does not have (The Hague keeps Amsterdam's
    # time); plenary rightly refuses it, so meetings there get the real zone.
    grep -rl 'Europe/The_Hague' "$corpus/plenary/site-content/meetings" --include=meeting.toml |
      xargs -r sed -i 's#Europe/The_Hague#Europe/Amsterdam#'
  fi
  if [ "$search" = off ]; then
    if [ ! -d "$corpus/plenary-nosearch" ]; then
      cp -r "$corpus/plenary" "$corpus/plenary-nosearch"
      sed -i '1i search = false' "$corpus/plenary-nosearch/site-content/site.toml"
    fi
    echo "$corpus/plenary-nosearch/site-content"
  else
    echo "$corpus/plenary/site-content"
  fi
}
