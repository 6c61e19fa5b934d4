//! A word's pages and locations, packed while the index is merged.

use super::index_words::{PackedPage, PackedVariant, PackedWord};

/// The pages a word occurs on, in one vector: for each page its number, the count of its
/// locations and of its meta locations, then those locations. Every word of a language waits
/// in the merged map until the index chunks are encoded; as [`PackedPage`]s, a page took 56
/// bytes and a vector of its own (a Chinese index, by segment and by every pair of
/// characters, has millions of them). Here it takes 12 bytes and its locations.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Postings {
    values: Vec<u32>,
}

impl Postings {
    pub fn push(&mut self, page: PackedPage) {
        let number = u32::try_from(page.page_number).expect("fewer than u32::MAX pages");
        self.values.extend([
            number,
            length(page.locs.len()),
            length(page.meta_locs.len()),
        ]);
        // Locations are stored bit for bit: weight changes are negative.
        self.values.extend(page.locs.iter().map(|&loc| loc as u32));
        self.values
            .extend(page.meta_locs.iter().map(|&loc| loc as u32));
    }

    /// Appends `later`, whose pages follow these.
    pub fn append(&mut self, mut later: Postings) {
        if self.values.is_empty() {
            *self = later;
        } else {
            self.values.append(&mut later.values);
        }
    }

    /// What Pagefind counts towards a chunk's size: each page and each location.
    pub fn chunk_cost(&self) -> usize {
        self.pages()
            .map(|(_, locs, meta)| 1 + locs.len() + meta.len())
            .sum()
    }

    fn pages(&self) -> impl Iterator<Item = (u32, &[u32], &[u32])> {
        let mut rest = self.values.as_slice();
        std::iter::from_fn(move || {
            let (&[number, locs, meta], tail) = rest.split_first_chunk::<3>()?;
            let (locs, tail) = tail.split_at(locs as usize);
            let (meta, tail) = tail.split_at(meta as usize);
            rest = tail;
            Some((number, locs, meta))
        })
    }

    /// The pages as Pagefind encodes them, in page order.
    pub fn to_packed(&self) -> Vec<PackedPage> {
        let mut pages: Vec<PackedPage> = self
            .pages()
            .map(|(number, locs, meta)| PackedPage {
                page_number: number as usize,
                locs: locs.iter().map(|&loc| loc as i32).collect(),
                meta_locs: meta.iter().map(|&loc| loc as i32).collect(),
            })
            .collect();
        // Pages are merged in page order already; the sort (stable, as Pagefind's) keeps
        // the encoding Pagefind's whatever the order of merging.
        pages.sort_by_key(|page| page.page_number);
        pages
    }
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
    fn an_empty_word_stays_empty() {
        let merged = MergedWord::from_packed(word("x", vec![], vec![]));
        assert_eq!(merged.chunk_cost(), 0);
        assert!(merged.into_packed("x".into()).pages.is_empty());
    }
}
