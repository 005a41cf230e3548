//! The indexing floor: what walking and reading the corpus costs before any search engine.
//! One thread, std only: walk the tree, read every file, split on non-letters, lower-case, count
//! a vocabulary in a HashMap. Prints "files bytes words vocabulary".
//!
//! `cargo run --release --example floor -- PATH...`

use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn walk(path: &Path, files: &mut Vec<PathBuf>) {
    match std::fs::read_dir(path) {
        Ok(entries) => {
            let mut children: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
            children.sort();
            for child in children {
                walk(&child, files);
            }
        }
        Err(_) => files.push(path.to_path_buf()),
    }
}

fn main() {
    let mut files = Vec::new();
    for root in std::env::args().skip(1) {
        walk(Path::new(&root), &mut files);
    }
    let mut vocabulary: HashMap<String, u64> = HashMap::new();
    let (mut bytes, mut words) = (0usize, 0u64);
    for file in &files {
        let Ok(data) = std::fs::read(file) else { continue };
        bytes += data.len();
        let text = String::from_utf8_lossy(&data);
        for word in text.split(|c: char| !c.is_alphabetic()).filter(|word| !word.is_empty()) {
            *vocabulary.entry(word.to_lowercase()).or_insert(0) += 1;
            words += 1;
        }
    }
    println!("{} {} {} {}", files.len(), bytes, words, vocabulary.len());
}
