//! A word's pages and locations, packed while the index is merged.

use super::index_words::{PackedPage, PackedVariant, PackedWord};

/// The pages a word occurs on, in one vector of bytes: for each page its number, the count
/// of its locations and of its meta locations, then those locations, each a variable-length
/// integer (LEB128; locations zigzag-encoded, as weight changes are negative). Every word of
/// a language waits in the merged map until the index chunks are encoded; as
/// [`PackedPage`]s, a page took 56 bytes and a vector of its own (a Chinese index, by segment
/// and by every pair of characters, has millions of them); as `u32`s, 12 bytes and 4 a
/// location. Here a page takes about 4 bytes and a location 2: locations are already deltas
/// of positions within the page, and page numbers and counts are small.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Postings {
    bytes: Vec<u8>,
}

impl Postings {
    pub fn push(&mut self, page: PackedPage) {
        let number = u32::try_from(page.page_number).expect("fewer than u32::MAX pages");
        self.write(number);
        self.write(length(page.locs.len()));
        self.write(length(page.meta_locs.len()));
        for &loc in page.locs.iter().chain(&page.meta_locs) {
            self.write(zigzag(loc));
        }
    }

    /// Appends `later`, whose pages follow these.
    pub fn append(&mut self, mut later: Postings) {
        if self.bytes.is_empty() {
            *self = later;
        } else {
            self.bytes.append(&mut later.bytes);
        }
    }

    /// What Pagefind counts towards a chunk's size: each page and each location.
    pub fn chunk_cost(&self) -> usize {
        let mut rest = self.bytes.as_slice();
        let mut cost = 0;
        while !rest.is_empty() {
            let _number = read(&mut rest);
            let locations = read(&mut rest) as usize + read(&mut rest) as usize;
            skip(&mut rest, locations);
            cost += 1 + locations;
        }
        cost
    }

    /// The pages as Pagefind encodes them, in page order.
    pub fn to_packed(&self) -> Vec<PackedPage> {
        let mut rest = self.bytes.as_slice();
        let mut pages = Vec::new();
        while !rest.is_empty() {
            let page_number = read(&mut rest) as usize;
            let (locs, meta_locs) = (read(&mut rest), read(&mut rest));
            let mut locations = |count| (0..count).map(|_| unzigzag(read(&mut rest))).collect();
            pages.push(PackedPage {
                page_number,
                locs: locations(locs),
                meta_locs: locations(meta_locs),
            });
        }
        // Pages are merged in page order already; the sort (stable, as Pagefind's) keeps
        // the encoding Pagefind's whatever the order of merging.
        pages.sort_by_key(|page| page.page_number);
        pages
    }

    fn write(&mut self, mut value: u32) {
        while value >= 0x80 {
            self.bytes.push(value as u8 | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }
}

/// Reads one variable-length integer from the front of `bytes`.
fn read(bytes: &mut &[u8]) -> u32 {
    let mut value = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        value |= u32::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            *bytes = &bytes[i + 1..];
            return value;
        }
    }
    unreachable!("postings end with a whole integer")
}

/// Skips `count` variable-length integers: each ends with the one byte below 0x80.
fn skip(bytes: &mut &[u8], count: usize) {
    if count == 0 {
        return;
    }
    let (end, _) = bytes
        .iter()
        .enumerate()
        .filter(|(_, &byte)| byte < 0x80)
        .nth(count - 1)
        .expect("postings hold every location they count");
    *bytes = &bytes[end + 1..];
}

/// Small magnitudes, negative or not, as small unsigned integers.
fn zigzag(value: i32) -> u32 {
    ((value << 1) ^ (value >> 31)) as u32
}

fn unzigzag(value: u32) -> i32 {
    (value >> 1) as i32 ^ -((value & 1) as i32)
}

fn length(len: usize) -> u32 {
    u32::try_from(len).expect("fewer than u32::MAX locations on a page")
}

/// A word's postings while the index is merged, and those of its forms with diacritics.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MergedWord {
    pub pages: Postings,
    pub variants: Vec<(String, Postings)>,
}

impl MergedWord {
    pub fn from_packed(word: PackedWord) -> MergedWord {
        let mut merged = MergedWord::default();
        for page in word.pages {
            merged.pages.push(page);
        }
        for variant in word.additional_variants {
            let mut pages = Postings::default();
            for page in variant.pages {
                pages.push(page);
            }
            merged.variants.push((variant.form, pages));
        }
        merged
    }

    /// Appends `later`, whose pages follow these; a form new to this word comes after the
    /// forms it has, as in Pagefind's merge.
    pub fn append(&mut self, later: MergedWord) {
        self.pages.append(later.pages);
        for (form, pages) in later.variants {
            match self.variants.iter_mut().find(|(known, _)| *known == form) {
                Some((_, known)) => known.append(pages),
                None => self.variants.push((form, pages)),
            }
        }
    }

    pub fn chunk_cost(&self) -> usize {
        self.pages.chunk_cost()
            + self
                .variants
                .iter()
                .map(|(_, pages)| pages.chunk_cost())
                .sum::<usize>()
            + self.variants.len()
    }

    pub fn into_packed(self, word: String) -> PackedWord {
        PackedWord {
            word,
            pages: self.pages.to_packed(),
            additional_variants: self
                .variants
                .into_iter()
                .map(|(form, pages)| PackedVariant {
                    form,
                    pages: pages.to_packed(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page_number: usize, locs: &[i32], meta_locs: &[i32]) -> PackedPage {
        PackedPage {
            page_number,
            locs: locs.to_vec(),
            meta_locs: meta_locs.to_vec(),
        }
    }

    fn word(
        word: &str,
        pages: Vec<PackedPage>,
        variants: Vec<(&str, Vec<PackedPage>)>,
    ) -> PackedWord {
        PackedWord {
            word: word.to_string(),
            pages,
            additional_variants: variants
                .into_iter()
                .map(|(form, pages)| PackedVariant {
                    form: form.to_string(),
                    pages,
                })
                .collect(),
        }
    }

    fn encoded(word: PackedWord) -> Vec<u8> {
        let mut bytes: Vec<u8> = Vec::new();
        minicbor::encode::<PackedWord, &mut Vec<u8>>(word, bytes.as_mut()).unwrap();
        bytes
    }

    #[test]
    fn a_merged_word_encodes_as_pagefind_merges_it() {
        let first = word(
            "cafe",
            vec![page(0, &[3, -25, 40], &[]), page(2, &[], &[1])],
            vec![("café", vec![page(2, &[7], &[])])],
        );
        let later = word(
            "cafe",
            vec![page(5, &[1, 1, 1], &[0, 2])],
            vec![
                ("caFé", vec![page(5, &[9], &[])]),
                ("café", vec![page(6, &[4], &[])]),
            ],
        );
        let mut merged = MergedWord::from_packed(first.clone());
        merged.append(MergedWord::from_packed(later.clone()));
        let expected = word(
            "cafe",
            vec![
                page(0, &[3, -25, 40], &[]),
                page(2, &[], &[1]),
                page(5, &[1, 1, 1], &[0, 2]),
            ],
            vec![
                ("café", vec![page(2, &[7], &[]), page(6, &[4], &[])]),
                ("caFé", vec![page(5, &[9], &[])]),
            ],
        );
        // Pagefind's count: each page and location, and each variant.
        assert_eq!(merged.chunk_cost(), (4 + 2 + 6) + (2 + 2) + 2 + 2);
        assert_eq!(
            encoded(merged.into_packed("cafe".into())),
            encoded(expected)
        );
    }

    #[test]
    fn locations_of_every_size_come_back_as_they_were() {
        let locs = vec![0, 1, -1, 127, 128, -26, 16_383, 16_384, i32::MAX, i32::MIN, -2];
        let pages = vec![
            page(0, &locs, &[]),
            page(200, &[], &locs),
            page(u32::MAX as usize, &[5], &[-1, 3]),
        ];
        let merged = MergedWord::from_packed(word("w", pages.clone(), vec![]));
        assert_eq!(merged.chunk_cost(), 3 + 2 * locs.len() + 3);
        let back = merged.into_packed("w".into()).pages;
        let fields = |pages: &[PackedPage]| -> Vec<(usize, Vec<i32>, Vec<i32>)> {
            pages
                .iter()
                .map(|p| (p.page_number, p.locs.clone(), p.meta_locs.clone()))
                .collect()
        };
        assert_eq!(fields(&back), fields(&pages));
    }

    #[test]
    fn an_empty_word_stays_empty() {
        let merged = MergedWord::from_packed(word("x", vec![], vec![]));
        assert_eq!(merged.chunk_cost(), 0);
        assert!(merged.into_packed("x".into()).pages.is_empty());
    }
}
