//! A page's words and where each occurs, packed.

use hashbrown::HashMap;

use super::FossickedWord;

/// A page's words and where each occurs, in five flat vectors. Every page's words wait in
/// memory until the index is built: as a map of strings to vectors, a word occurring once
/// took about 100 bytes, and a Chinese page, indexed by segment and by every pair of
/// characters, holds thousands of words. Here it takes its letters, 8 bytes, and 5 bytes an
/// occurrence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordData {
    /// The words, one after another.
    text: String,
    /// Where each word ends in `text`, and where its occurrences end in `positions`.
    ends: Vec<(u32, u32)>,
    /// Every occurrence's position, and its weight in `weights`.
    positions: Vec<u32>,
    weights: Vec<u8>,
    /// The occurrences whose original form differs from the word (diacritics): the index in
    /// `positions`, in order, and the form.
    originals: Vec<(u32, String)>,
}

impl WordData {
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

fn offset(at: usize) -> u32 {
    u32::try_from(at).expect("a page's words take less than 4 GiB")
}

impl From<HashMap<String, Vec<FossickedWord>>> for WordData {
    fn from(map: HashMap<String, Vec<FossickedWord>>) -> WordData {
        let occurrences = map.values().map(Vec::len).sum();
        let mut data = WordData {
            text: String::with_capacity(map.keys().map(String::len).sum()),
            ends: Vec::with_capacity(map.len()),
            positions: Vec::with_capacity(occurrences),
            weights: Vec::with_capacity(occurrences),
            originals: Vec::new(),
        };
        for (word, positions) in map {
            data.text.push_str(&word);
            for word in positions {
                if let Some(original) = word.original_word {
                    data.originals
                        .push((offset(data.positions.len()), original));
                }
                data.positions.push(word.position);
                data.weights.push(word.weight);
            }
            data.ends
                .push((offset(data.text.len()), offset(data.positions.len())));
        }
        data.originals.shrink_to_fit();
        data
    }
}

impl IntoIterator for WordData {
    type Item = (String, Vec<FossickedWord>);
    type IntoIter = IntoIter;

    /// Each word with its occurrences, as they were given.
    fn into_iter(self) -> IntoIter {
        IntoIter {
            data: self,
            word: 0,
            text_from: 0,
            from: 0,
            original: 0,
        }
    }
}

pub struct IntoIter {
    data: WordData,
    word: usize,
    text_from: usize,
    from: usize,
    original: usize,
}

impl Iterator for IntoIter {
    type Item = (String, Vec<FossickedWord>);

    fn next(&mut self) -> Option<Self::Item> {
        let &(text_end, end) = self.data.ends.get(self.word)?;
        let (text_end, end) = (text_end as usize, end as usize);
        let word = self.data.text[self.text_from..text_end].to_string();
        let positions = (self.from..end)
            .map(|i| {
                let original_word = match self.data.originals.get_mut(self.original) {
                    Some((at, form)) if *at as usize == i => {
                        self.original += 1;
                        Some(std::mem::take(form))
                    }
                    _ => None,
                };
                FossickedWord {
                    position: self.data.positions[i],
                    weight: self.data.weights[i],
                    original_word,
                }
            })
            .collect();
        self.word += 1;
        self.text_from = text_end;
        self.from = end;
        Some((word, positions))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.data.ends.len() - self.word;
        (left, Some(left))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(position: u32, weight: u8, original: Option<&str>) -> FossickedWord {
        FossickedWord {
            position,
            weight,
            original_word: original.map(str::to_string),
        }
    }

    #[test]
    fn words_come_back_as_they_were_given() {
        let mut map: HashMap<String, Vec<FossickedWord>> = HashMap::new();
        map.insert(
            "cafe".into(),
            vec![word(0, 24, Some("café")), word(7, 12, None)],
        );
        map.insert("宽带".into(), vec![word(3, 24, None)]);
        map.insert(
            "resume".into(),
            vec![word(5, 24, Some("résumé")), word(9, 1, Some("resumé"))],
        );
        let data = WordData::from(map.clone());
        let back: HashMap<String, Vec<FossickedWord>> = data.into_iter().collect();
        assert_eq!(back, map);
        assert!(WordData::from(HashMap::new()).is_empty());
    }
}
