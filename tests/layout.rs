//! The shape of the code, as `src/lib.rs` and the README's "Code" section describe it: the
//! top-level modules of `src/` are the pipeline's stages, and each uses only the stages
//! before it and `support`; no file is longer than a sitting, no function longer than a
//! screenful or two. `cargo test --test layout -- --nocapture` prints the measurements.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The top-level modules in the order data flows through them.
const ORDER: [&str; 11] = [
    "support", "cli", "config", "content", "release", "plan", "render", "search", "guard", "write",
    "commands",
];
const MAX_FILE_LINES: usize = 520;
const MAX_FUNCTION_LINES: usize = 110;

fn sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .map(|entry| entry.expect("src/ is readable").into_path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap().display().to_string()
}

/// The top-level module a file of `src/` belongs to (`render` for `src/render/feed.rs`).
fn top_module(path: &Path) -> String {
    let inside = path
        .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
        .unwrap();
    let first = inside.components().next().unwrap().as_os_str();
    first.to_str().unwrap().trim_end_matches(".rs").to_string()
}

/// The code of a file without its test module and comments.
fn code(text: &str) -> String {
    let text = text
        .split("#[cfg(test)]\nmod tests {")
        .next()
        .unwrap_or_default();
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn each_stage_uses_only_the_stages_before_it_and_support() {
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in sources() {
        let top = top_module(&path);
        if matches!(top.as_str(), "lib" | "main") || path.ends_with("tests.rs") {
            continue;
        }
        let code = code(&fs::read_to_string(&path).unwrap());
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if name != top {
                uses.entry(top.clone()).or_default().insert(name);
            }
        }
    }
    let rank = |name: &str| {
        ORDER
            .iter()
            .position(|n| *n == name)
            .unwrap_or_else(|| panic!("`{name}` is a top-level module missing from ORDER"))
    };
    let mut backwards = Vec::new();
    for (module, used) in &uses {
        println!(
            "{module:9} uses {}",
            used.iter().cloned().collect::<Vec<_>>().join(", ")
        );
        for name in used {
            if rank(name) > rank(module) {
                backwards.push(format!("{module} uses {name}, a later stage"));
            }
        }
    }
    assert!(
        uses.contains_key("commands") && uses.contains_key("render"),
        "the scan found the modules: {uses:?}"
    );
    assert!(backwards.is_empty(), "{backwards:#?}");
}

#[test]
fn no_file_or_function_is_too_long_to_read_in_one_sitting() {
    let mut longest_file = (0, String::new());
    let mut longest_function = (0, String::new());
    let mut too_long = Vec::new();
    for path in sources() {
        let text = fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let name = relative(&path);
        if lines.len() > longest_file.0 {
            longest_file = (lines.len(), name.clone());
        }
        if lines.len() > MAX_FILE_LINES {
            too_long.push(format!("{name}: {} lines", lines.len()));
        }
        for (at, line) in lines.iter().enumerate() {
            let Some(function) = function_name(line) else {
                continue;
            };
            let indent = &line[..line.len() - line.trim_start().len()];
            let close = format!("{indent}}}");
            let Some(length) = lines[at + 1..].iter().position(|l| l.trim_end() == close) else {
                continue;
            };
            let length = length + 2;
            let place = format!("{name}:{} {function}", at + 1);
            if length > longest_function.0 {
                longest_function = (length, place.clone());
            }
            if length > MAX_FUNCTION_LINES {
                too_long.push(format!("{place}: {length} lines"));
            }
        }
    }
    println!(
        "longest file: {} ({} lines)",
        longest_file.1, longest_file.0
    );
    println!(
        "longest function: {} ({} lines)",
        longest_function.1, longest_function.0
    );
    assert!(longest_function.0 > 20, "the scan found no functions");
    assert!(too_long.is_empty(), "{too_long:#?}");
}

/// `fn name` of a line that opens a function with a body.
fn function_name(line: &str) -> Option<&str> {
    if line.trim_end().ends_with(';') {
        return None;
    }
    let at = line.find("fn ")?;
    let before = line[..at].trim();
    let qualifiers = [
        "pub",
        "pub(crate)",
        "pub(super)",
        "const",
        "async",
        "unsafe",
    ];
    if !before
        .split_whitespace()
        .all(|word| qualifiers.contains(&word))
    {
        return None;
    }
    let rest = &line[at + 3..];
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(&rest[..end]).filter(|name| !name.is_empty())
}
