//! The tantivy baseline: the same walk as the floor, every file indexed by tantivy with its
//! `default` tokenizer (no Swedish analysis, no parsing) into one text field, on all cores.
//! Prints "files".
//!
//! `cargo run --release --example plain_tantivy -- INDEX_DIR PATH...`

use std::path::{Path, PathBuf};

use tantivy::schema::{Schema, STORED, STRING, TEXT};
use tantivy::{doc, Index};

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

fn main() -> tantivy::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: plain_tantivy INDEX_DIR PATH..."));
    let mut files = Vec::new();
    for root in args {
        walk(Path::new(&root), &mut files);
    }
    let mut builder = Schema::builder();
    let path = builder.add_text_field("path", STRING | STORED);
    let body = builder.add_text_field("body", TEXT);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let index = Index::create_in_dir(&dir, builder.build())?;
    let mut writer = index.writer(200 << 20)?;
    for file in &files {
        let Ok(data) = std::fs::read(file) else { continue };
        let text = String::from_utf8_lossy(&data);
        writer
            .add_document(doc!(path => file.to_string_lossy().as_ref(), body => text.as_ref()))?;
    }
    writer.commit()?;
    println!("{}", files.len());
    Ok(())
}
