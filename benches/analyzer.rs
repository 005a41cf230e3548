//! Tokens per second of the Swedish analysis chain on fixed texts from the seeds, with and
//! without compound parts. Each run checks its token count first, so a speed-up that loses
//! tokens fails.
//!
//! `cargo bench --bench analyzer`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use projsok::analysis::{index_tokens, tokens, Morphology, SV};

const TEXTS: [&str; 3] = [
    include_str!("../seeds/000_cea40166ddf3072c.txt"),
    include_str!("../seeds/003_2b3fa1d7a6e76dce.txt"),
    include_str!("../seeds/004_2c34cdba5d9fc759.txt"),
];
/// Stemmed tokens of the three texts; compound parts on top of them with compounds on.
const EXPECTED_STEMS: usize = 4_232;
const EXPECTED_PARTS: usize = 858;

fn count(compounds: bool) -> (usize, usize) {
    TEXTS.iter().fold((0, 0), |(stems, parts), text| {
        let out = index_tokens(text, compounds, Morphology::FULL);
        (stems + out.words().len(), parts + out.part_count())
    })
}

fn analyzer(c: &mut Criterion) {
    let chain_tokens: usize = TEXTS.iter().map(|text| tokens(SV, text).len()).sum();
    assert_eq!(chain_tokens, EXPECTED_STEMS, "the SV chain's token count changed");
    assert_eq!(count(true), (EXPECTED_STEMS, EXPECTED_PARTS));
    assert_eq!(count(false), (EXPECTED_STEMS, 0));

    let mut group = c.benchmark_group("swedish chain");
    group.throughput(Throughput::Elements(EXPECTED_STEMS as u64));
    group.bench_function("SV chain (one field)", |b| {
        b.iter(|| TEXTS.iter().map(|text| tokens(SV, text).len()).sum::<usize>())
    });
    group.bench_function("index pass, compounds off", |b| b.iter(|| count(false)));
    group.bench_function("index pass, compounds on", |b| b.iter(|| count(true)));
    group.finish();
}

criterion_group!(benches, analyzer);
criterion_main!(benches);
