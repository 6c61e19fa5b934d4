//! Fingerprints compiled for one pass over text: hashed windows looked up word by word, and
//! names (titles, addresses, file names) found by their first two words, then compared.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::words::{self, Windows, Word};

/// Bytes that continue a word, a slug or a file name: a whole-word name must not be touched
/// by one on either side.
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// A name to find exactly: a title, an address, a file name.
#[derive(Debug, Clone)]
pub struct Name {
    pub needle: String,
    /// Must the bytes around it not continue a word? (`agenda` in `agendas` is no evidence.)
    pub whole_word: bool,
    pub source: u32,
}

/// The keys are already hashes: use them as they are.
#[derive(Default)]
pub struct KeyIsHash(u64);

impl Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = self.0.rotate_left(17) ^ n;
    }
}

pub type HashedMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyIsHash>>;

/// Hidden windows and names, ready to look for.
#[derive(Default)]
pub struct Index {
    /// Window hash → source.
    pub windows: HashedMap<u64, u32>,
    pub names: Vec<Name>,
    /// First-two-words key → (name, bytes before its first word).
    by_key: HashedMap<(u64, u64), Vec<(u32, u32)>>,
    /// One bit per possible window hash and name key, set where one may be: most words of
    /// an output file are dismissed by one bit test instead of a hash-map lookup.
    window_bits: Bits,
    key_bits: Bits,
    /// The first words of names: a word not in it starts no name, and its pair with the
    /// next word need not be looked up.
    first_bits: Bits,
}

/// A set of hashes that may answer "maybe" wrongly but never "no" wrongly: a blocked Bloom
/// filter. Each hash sets three bits of one 64-bit word, so a test costs one memory access,
/// and at about 12 bits per entry the whole set of a 10,000-document site is 2 MB (it stays
/// in cache while every output byte streams past it); about 2% of tests say a false "maybe".
#[derive(Default)]
pub struct Bits {
    words: Vec<u64>,
    /// 64 − log2(number of words): the shift that takes a word index from a hash's top bits.
    shift: u32,
}

impl Bits {
    pub fn with(hashes: impl ExactSizeIterator<Item = u64>) -> Bits {
        let words = (hashes.len() * 12 / 64)
            .next_power_of_two()
            .clamp(64, 1 << 24);
        let mut bits = Bits {
            words: vec![0; words],
            shift: 64 - words.trailing_zeros(),
        };
        for h in hashes {
            let (word, mask) = bits.place(h);
            bits.words[word] |= mask;
        }
        bits
    }

    /// Which word, and which bits in it. Both come from the high bits of a multiply (word
    /// hashes are weakest in their low bits), the word's and the bits' from different ones.
    fn place(&self, h: u64) -> (usize, u64) {
        let word = (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize;
        let b = h.wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
        let mask = 1 << (b >> 58) | 1 << ((b >> 52) & 63) | 1 << ((b >> 46) & 63);
        (word, mask)
    }

    pub fn may_contain(&self, h: u64) -> bool {
        let (word, mask) = self.place(h);
        self.words.get(word).is_some_and(|w| w & mask == mask)
    }
}

fn key_hash((first, second): (u64, u64)) -> u64 {
    first ^ second.rotate_left(31).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Something hidden, found at `offset`: a window (by source) or a name (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Window {
        source: u32,
        offset: usize,
        hash: u64,
    },
    Name {
        name: u32,
        offset: usize,
    },
}

impl Hit {
    pub fn offset(self) -> usize {
        match self {
            Hit::Window { offset, .. } | Hit::Name { offset, .. } => offset,
        }
    }
}

impl Index {
    /// Add a name; one without any word in it is not distinctive and is left out.
    pub fn add_name(&mut self, name: Name) {
        if let Some((key, prefix)) = words::name_key(&name.needle) {
            let i = self.names.len() as u32;
            self.by_key.entry(key).or_default().push((i, prefix as u32));
            self.names.push(name);
        }
    }

    /// Keep only the names for which `keep(index)` holds (seal again after).
    pub fn retain_names(&mut self, keep: impl Fn(u32) -> bool) {
        let names = std::mem::take(&mut self.names);
        self.by_key.clear();
        for (i, name) in names.into_iter().enumerate() {
            if keep(i as u32) {
                self.add_name(name);
            }
        }
    }

    /// Build the bit filters; call once every window and name is in.
    pub fn seal(&mut self) {
        self.window_bits = Bits::with(self.windows.keys().copied());
        self.seal_names();
    }

    /// Build the filters of names only: until [`Index::seal`], a scan finds names and no
    /// windows.
    pub fn seal_names(&mut self) {
        self.key_bits = Bits::with(self.by_key.keys().map(|k| key_hash(*k)));
        self.first_bits = Bits::with(self.by_key.keys().map(|k| k.0));
    }

    pub fn is_empty(&self) -> bool {
        self.windows.is_empty() && self.names.is_empty()
    }

    /// Every hidden window and name in `text`.
    pub fn scan(&self, text: &[u8], windows: Windows, found: impl FnMut(Hit)) {
        if self.is_empty() {
            return;
        }
        // Both callbacks report hits, in the order they occur.
        let found = std::cell::RefCell::new(found);
        // Could the previous word start a name?
        let mut previous_starts = false;
        words::read(
            text,
            windows,
            |word, previous| {
                let found = &mut *found.borrow_mut();
                if previous_starts {
                    if let Some(previous) = previous {
                        self.names_at(text, (previous.hash, word.hash), previous, found);
                    }
                }
                previous_starts = self.first_bits.may_contain(word.hash);
                if previous_starts {
                    self.names_at(text, (word.hash, 0), word, found);
                }
            },
            |hash, offset| {
                if !self.window_bits.may_contain(hash) {
                    return;
                }
                if let Some(&source) = self.windows.get(&hash) {
                    (found.borrow_mut())(Hit::Window {
                        source,
                        offset,
                        hash,
                    });
                }
            },
        );
    }

    fn names_at(&self, text: &[u8], key: (u64, u64), first: &Word, found: &mut impl FnMut(Hit)) {
        if !self.key_bits.may_contain(key_hash(key)) {
            return;
        }
        let Some(candidates) = self.by_key.get(&key) else {
            return;
        };
        for &(i, prefix) in candidates {
            let name = &self.names[i as usize];
            let Some(start) = first.start.checked_sub(prefix as usize) else {
                continue;
            };
            let end = start + name.needle.len();
            if text.get(start..end) != Some(name.needle.as_bytes()) {
                continue;
            }
            if name.whole_word {
                let touches_before = name.needle.bytes().next().is_some_and(is_word_byte)
                    && start > 0
                    && is_word_byte(text[start - 1]);
                let touches_after = name.needle.bytes().last().is_some_and(is_word_byte)
                    && text.get(end).copied().is_some_and(is_word_byte);
                if touches_before || touches_after {
                    continue;
                }
            }
            found(Hit::Name {
                name: i,
                offset: start,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(names: &[(&str, bool)]) -> Index {
        let mut index = Index::default();
        for (i, (needle, whole_word)) in names.iter().enumerate() {
            index.add_name(Name {
                needle: needle.to_string(),
                whole_word: *whole_word,
                source: i as u32,
            });
        }
        index.seal();
        index
    }

    fn hits(index: &Index, text: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        index.scan(text.as_bytes(), Windows::Selected, |h| out.push(h));
        out
    }

    #[test]
    fn names_are_found_whole() {
        let index = index(&[
            ("m77/secret", true),
            ("/en/private-page/", false),
            ("Zanzibar Confidential Arrangements", true),
            ("人工智能治理", false),
        ]);
        assert_eq!(
            hits(&index, "<a href=\"/meetings/m77/secret/\">"),
            vec![Hit::Name {
                name: 0,
                offset: 19
            }]
        );
        assert!(hits(&index, "/meetings/m77/secret-2/ /meetings/m177/secret/").is_empty());
        assert_eq!(
            hits(&index, "<loc>https://x/en/private-page/</loc>"),
            vec![Hit::Name {
                name: 1,
                offset: 14
            }]
        );
        assert_eq!(
            hits(&index, "<title>Zanzibar Confidential Arrangements</title>").len(),
            1
        );
        assert!(hits(&index, "Zanzibar Confidential Arrangementsx").is_empty());
        assert_eq!(hits(&index, "<h1>人工智能治理</h1>").len(), 1);
    }

    #[test]
    fn windows_are_found_by_hash() {
        let mut index = Index::default();
        let hidden =
            "the quartermaster reviewed seventeen plumbago sequences before lunch was served";
        words::each_window(hidden.as_bytes(), |h, _| {
            index.windows.insert(h, 7);
        });
        index.seal();
        let found = hits(&index, "<p>Then the quartermaster reviewed seventeen plumbago sequences before lunch was served.</p>");
        assert!(!found.is_empty());
        assert!(
            found
                .iter()
                .all(|h| matches!(h, Hit::Window { source: 7, .. })),
            "{found:?}"
        );
        assert!(hits(
            &index,
            "<p>the quartermaster reviewed seventeen plumbago <i>sequences</i></p>"
        )
        .is_empty());
    }

    #[test]
    fn bits_never_miss_and_rarely_say_maybe_wrongly() {
        // Hashes as the tokenizer makes them: of words, which share most of their bits.
        let word_hash = |i: u64| words::hash_bytes(format!("w{i}").as_bytes());
        let bits = Bits::with((0..50_000u32).map(|i| word_hash(u64::from(i))));
        assert!((0..50_000).all(|i| bits.may_contain(word_hash(i))));
        let wrong = (50_000..150_000)
            .filter(|&i| bits.may_contain(word_hash(i)))
            .count();
        // 12 bits per entry and 3 bits per hash in one word: about 2% (a plain Bloom filter
        // would do 0.3%; one word per test is worth the difference).
        assert!(wrong < 4_000, "{wrong} false maybes in 100,000");
    }
}
