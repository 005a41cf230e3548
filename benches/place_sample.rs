//! Draws a fixed random sample of documents to judge place inference by reading (see
//! benches/README.md, "Place inference precision"): every file under FOLDER in path order is
//! parsed and given its places as `projsok index` gives them; of those that get a kommun or a
//! region, COUNT are drawn with a fixed xorshift seed, and each is printed with its kommuner and
//! region and the line around the first mention of each kommun, for a reader to judge.
//!
//! `cargo run --release --example place_sample -- FOLDER [COUNT] [SEED]`; with a FILE of paths
//! (one a line, as the first run printed them) in place of FOLDER it prints those documents,
//! so that a changed build is judged on the same sample.

use std::path::{Path, PathBuf};

use projsok::document;
use projsok::places;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The line of `text` around the first whole-word mention of `name` or its genitive.
fn context(text: &str, name: &str) -> String {
    let line = text
        .lines()
        .find(|line| line.contains(name))
        .unwrap_or("(not written as such: a genitive, alias or other spelling)");
    let at = line.find(name).unwrap_or(0);
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let centre = chars.iter().position(|&(byte, _)| byte >= at).unwrap_or(0);
    let from = centre.saturating_sub(90);
    let to = (centre + 90).min(chars.len());
    chars[from..to].iter().map(|&(_, c)| c).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let folder = args.get(1).expect("usage: place_sample FOLDER [COUNT] [SEED]");
    let count: usize = args.get(2).map_or(50, |n| n.parse().expect("COUNT"));
    let mut state: u64 = args.get(3).map_or(0x5eed_0013, |n| n.parse().expect("SEED"));
    let mut paths = Vec::new();
    let listed = Path::new(folder).is_file();
    if listed {
        let list = std::fs::read_to_string(folder).expect("read the list of paths");
        paths.extend(list.lines().filter(|line| !line.is_empty()).map(PathBuf::from));
    } else {
        files(Path::new(folder), &mut paths);
        paths.sort();
    }
    let mut tagged = Vec::new();
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let mut doc = document::parse(&path.to_string_lossy(), &text).doc;
        places::infer_missing(&mut doc);
        if listed || !doc.kommuner.is_empty() || doc.region.is_some() {
            tagged.push((path, text, doc));
        }
    }
    eprintln!("{} files, {} with a kommun or region", paths.len(), tagged.len());
    let mut drawn: Vec<usize> = if listed { (0..tagged.len()).collect() } else { Vec::new() };
    while !listed && drawn.len() < count.min(tagged.len()) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let at = (state % tagged.len() as u64) as usize;
        if !drawn.contains(&at) {
            drawn.push(at);
        }
    }
    for (number, &at) in drawn.iter().enumerate() {
        let (path, text, doc) = &tagged[at];
        println!("## {} {}", number + 1, path.display());
        println!("title: {}", doc.title);
        println!("region: {:?} inferred: {:?}", doc.region, doc.inferred);
        for kommun in &doc.kommuner {
            println!("- {kommun}: {}", context(text, kommun).replace('\n', " "));
        }
        println!();
    }
}
