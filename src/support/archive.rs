//! ZIP archives that come out byte for byte the same from every build: entries in → one
//! archive's bytes out.
//!
//! A build's output is compared across runs and machines (the output swap reuses unchanged
//! files, deploys upload only what changed, reviewers diff two builds), so nothing in an
//! archive may depend on when, where or in which order it was made: entries are sorted by
//! name, every entry has the same date and permissions, the same compression at the same
//! level, and nothing else — no extended timestamps, no owner ids, no comments.

use std::io::{self, Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// One file of an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path inside the archive: relative, `/`-separated (`pack/index.html`).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The deflate level. Fixed, because another level gives other bytes. Measured on the
/// briefing packs of the 10,000-document corpus's public build (2,338 ZIPs, 458 MB of pages;
/// medians of 5 builds): level 6, zlib's default, made 97.4 MB of ZIPs in an 11.8 s build;
/// level 3, 102.6 MB (+5%) in 7.8 s; level 1, 143.3 MB (+47%) in 7.4 s.
const LEVEL: i64 = 3;

/// Extensions of formats that are compressed already: deflate would spend time to gain
/// nothing (or a few bytes), so their entries are stored as they are. Office Open XML and
/// OpenDocument files are ZIP archives themselves.
const COMPRESSED: [&str; 17] = [
    "png", "jpg", "jpeg", "gif", "webp", "pdf", "zip", "gz", "docx", "xlsx", "pptx", "odt", "ods",
    "odp", "mp3", "mp4", "woff2",
];

/// A ZIP archive of `entries`, in the order of their names (byte order), whatever order they
/// come in. Two entries with one name, or a name that is not a plain relative path (empty,
/// absolute, with `\`, or with an empty, `.` or `..` part, any of which an unzip program
/// could place outside the folder it extracts to), are an error.
///
/// Every entry is dated 1980-01-01 00:00:00, the DOS epoch: a ZIP file's date fields count
/// years from 1980, so this is their zero, which readers show as "no particular date"
/// rather than as a plausible moment that is not true (the build's clock would make every
/// build's bytes differ). Permissions are 0o644 (`rw-r--r--`) on a Unix host system,
/// whatever system builds the archive: the host system is written into each entry.
pub fn zip(mut entries: Vec<Entry>) -> io::Result<Vec<u8>> {
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(pair) = entries.windows(2).find(|pair| pair[0].name == pair[1].name) {
        return Err(invalid(format!(
            "two entries are named {:?} in one archive",
            pair[0].name
        )));
    }
    if let Some(entry) = entries.iter().find(|e| !plain_relative(&e.name)) {
        return Err(invalid(format!(
            "{:?} is not a relative path inside an archive",
            entry.name
        )));
    }
    let options = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .system(System::Unix);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for entry in &entries {
        let options = if is_compressed(&entry.name) {
            options.compression_method(CompressionMethod::Stored)
        } else {
            options
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(LEVEL))
        };
        writer
            .start_file(entry.name.as_str(), options)
            .map_err(io::Error::other)?;
        writer.write_all(&entry.bytes)?;
    }
    Ok(writer.finish().map_err(io::Error::other)?.into_inner())
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

fn plain_relative(name: &str) -> bool {
    !name.contains('\\') && name.split('/').all(|part| !matches!(part, "" | "." | ".."))
}

fn is_compressed(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.rsplit_once('.')
        .is_some_and(|(_, ext)| COMPRESSED.iter().any(|c| c.eq_ignore_ascii_case(ext)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn entry(name: &str, bytes: &[u8]) -> Entry {
        Entry {
            name: name.to_string(),
            bytes: bytes.to_vec(),
        }
    }

    fn pack() -> Vec<Entry> {
        vec![
            entry(
                "pack/index.html",
                "<h1>Réunion 77</h1>".repeat(50).as_bytes(),
            ),
            entry("pack/attachments/budget.pdf", b"%PDF-1.7 not really"),
            entry("pack/attachments/annex.txt", b"Annex"),
            entry("README.txt", b""),
        ]
    }

    /// (name, method, bytes) of every entry, in archive order, read back by the zip crate.
    fn read_back(raw: &[u8]) -> Vec<(String, CompressionMethod, Vec<u8>)> {
        let mut archive = zip::ZipArchive::new(Cursor::new(raw)).unwrap();
        assert!(archive.comment().is_empty());
        (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index(i).unwrap();
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).unwrap();
                assert_eq!(file.last_modified(), Some(DateTime::default()));
                assert_eq!(file.unix_mode(), Some(0o100644));
                assert!(file.extra_data().is_none_or(|extra| extra.is_empty()));
                assert!(file.comment().is_empty());
                // No extra field in the local header either; Unix as the host system.
                let local = file.header_start() as usize;
                assert_eq!(raw[local + 28..local + 30], [0, 0]);
                assert_eq!(raw[file.central_header_start() as usize + 5], 3);
                (file.name().unwrap().into_owned(), file.compression(), bytes)
            })
            .collect()
    }

    #[test]
    fn two_archives_of_the_same_entries_are_the_same_bytes() {
        let mut reversed = pack();
        reversed.reverse();
        let first = zip(pack()).unwrap();
        assert_eq!(first, zip(pack()).unwrap());
        assert_eq!(first, zip(reversed).unwrap());
    }

    #[test]
    fn entries_are_sorted_by_name_and_read_back_as_written() {
        let mut expected = pack();
        expected.sort_by(|a, b| a.name.cmp(&b.name));
        let found = read_back(&zip(pack()).unwrap());
        let names: Vec<&str> = found.iter().map(|(name, ..)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "README.txt",
                "pack/attachments/annex.txt",
                "pack/attachments/budget.pdf",
                "pack/index.html"
            ]
        );
        for ((name, _, bytes), entry) in found.iter().zip(&expected) {
            assert_eq!((name, bytes), (&entry.name, &entry.bytes));
        }
    }

    #[test]
    fn compressed_formats_are_stored_and_the_rest_deflated() {
        let archive = zip(pack()).unwrap();
        let methods: Vec<(String, CompressionMethod)> = read_back(&archive)
            .into_iter()
            .map(|(name, method, _)| (name, method))
            .collect();
        assert!(methods.contains(&(
            "pack/attachments/budget.pdf".into(),
            CompressionMethod::Stored
        )));
        assert!(methods.contains(&("pack/index.html".into(), CompressionMethod::Deflated)));
        // Stored: its bytes are in the archive as they are; deflated: they are not.
        let contains = |needle: &[u8]| archive.windows(needle.len()).any(|w| w == needle);
        assert!(contains(b"%PDF-1.7 not really"));
        assert!(!contains("<h1>Réunion 77</h1><h1>".as_bytes()));
        assert!(is_compressed("a/SCAN.JPG") && !is_compressed("a/jpg") && !is_compressed("x.md"));
    }

    #[test]
    fn two_entries_with_one_name_are_refused() {
        let twice = vec![entry("a/b.txt", b"one"), entry("a/b.txt", b"two")];
        let error = zip(twice).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(
            error.to_string(),
            "two entries are named \"a/b.txt\" in one archive"
        );
    }

    #[test]
    fn names_that_could_land_outside_the_folder_are_refused() {
        for name in [
            "",
            "/etc/x",
            "../x",
            "a/../../x",
            "a//b",
            "a\\b",
            "./a",
            "dir/",
        ] {
            assert!(zip(vec![entry(name, b"x")]).is_err(), "{name:?}");
        }
        assert!(zip(vec![entry("pack/.hidden/a..b", b"x")]).is_ok());
    }

    #[test]
    fn an_empty_archive_is_valid() {
        let archive = zip(Vec::new()).unwrap();
        assert!(archive.starts_with(b"PK\x05\x06"));
        assert!(read_back(&archive).is_empty());
    }
}
