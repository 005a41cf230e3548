//! Concepts: a vector for each stem of the catch-all (`body`) that places stems used in the
//! same documents near each other, learnt from the indexed corpus when a generation is
//! written (`concepts.bin` in its folder). Two projects can describe one problem in different
//! words ("etableringskedja", "samordnad introduktion för nyanlända"); no shared stem links
//! them, but their stems are used together in other documents, and so their vectors are near.
//! `similar` sums a description's stem vectors into one and weighs the angle between two
//! such sums beside the cosine of the stems themselves (see `search::concepts`).
//!
//! The model is latent semantic analysis (Deerwester et al. 1990): the truncated singular
//! value decomposition `A ≈ U Σ Vᵀ` of the document-stem matrix, each document a row of
//! `ln(1 + tf) · idf` made a unit vector, kept to its [`DIMENSIONS`] largest singular values.
//! A stem's vector is its row of `V Σ`; a text's is `Vᵀ d` of its own weights `d`. It is found
//! by the randomized range finder of Halko, Martinsson and Tropp (2011): the matrix times a
//! random ±1 block, [`POWER_ITERATIONS`] rounds of power iteration, then the small problem's
//! eigenvectors, so that the matrix is read a few times and never made dense. Random indexing
//! (a random projection of each stem's row, one pass) was tried first and is not enough: at
//! 128 numbers a stem, the chance cosines of unrelated stems (±0.09, and the best of 23 000
//! stems about 0.35) are as large as those of related ones, and "etablering" came out nearest
//! "teckn" and "säkerhetsrisk".
//!
//! Which documents: at most [`MODEL_DOCS`] of them, those of the lowest content hashes (a
//! sample that does not depend on the order they were indexed in): the vocabulary's company
//! is learnt from sixty thousand documents as well as from a million, and the matrix of a
//! million would not fit the memory an index build may take. Which stems: those in at least
//! [`MIN_DOCS`] documents (a rarer stem's few documents say little about its company) and, in
//! an index of a hundred documents or more, in at most a quarter of them (such stems are in
//! documents of every topic), words of three letters or more without digits, at most
//! [`MAX_STEMS`] of them, the most frequent first.
//!
//! Determinism: the matrix's rows are ordered by content hash and its columns by stem, and
//! every sum runs in that order, so that two builds of the same files (whose documents land in
//! segments in another order) learn the same vectors.
//!
//! An update keeps the vectors it found exactly when it keeps the stems' spread (see
//! [`super::spread::carried`]): both describe the collection, not the documents an update
//! changes, and both are counted again once the changes since the count exceed a hundredth.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use rayon::prelude::*;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Index, SegmentReader, TERMINATED};
use xxhash_rust::xxh3::xxh3_64;

/// The vectors' file in a generation's folder.
pub const FILE: &str = "concepts.bin";
/// Concepts kept: the singular values kept of the decomposition.
pub const DIMENSIONS: usize = 100;
/// Columns of the random block: a few beyond the concepts kept make the largest ones exact.
const OVERSAMPLED: usize = DIMENSIONS + 12;
/// Rounds of power iteration: they sharpen the gap between kept and dropped concepts.
const POWER_ITERATIONS: usize = 2;
/// Documents the model is learnt from at the most.
pub const MODEL_DOCS: usize = 60_000;
/// A document's weightiest stems that the model learns from: ESF pages of 260 distinct stems
/// made the matrix of 60 000 of them 15.8 million entries and its decomposition 18 s (on a
/// loaded machine; 1.3 s at 64); the stems past the first 64 by tf-idf are a page's lightest,
/// which say least about its topic.
pub const STEMS_PER_DOC: usize = 64;
/// Documents the model is learnt from at the least: a hundred concepts of fewer documents are
/// the documents themselves, not what they have in common. A smaller index has no concepts.
pub const MIN_MODEL_DOCS: usize = 1_000;
/// Documents a stem must be in to have a vector.
pub const MIN_DOCS: u64 = 5;
/// The share of the documents above which a stem has no vector, once an index holds
/// [`MIN_DOCS_FOR_SHARE`] documents.
const MAX_DOC_SHARE: f64 = 0.25;
const MIN_DOCS_FOR_SHARE: u64 = 100;
/// Stems with a vector at the most.
pub const MAX_STEMS: usize = 100_000;
/// The file's first bytes and layout version.
const MAGIC: &[u8; 8] = b"PSCONC03";

/// The learnt stem vectors, each stored as signed bytes with its scale.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Concepts {
    /// The stems, sorted, as one string and the offset of each stem's end.
    text: String,
    ends: Vec<u32>,
    /// Documents holding each stem.
    doc_freqs: Vec<u32>,
    /// The factor that turns each stored vector of bytes into the stem's row of `V Σ`.
    scales: Vec<f32>,
    /// The factor that makes each stored vector of bytes a unit vector.
    unit_scales: Vec<f32>,
    /// 1/σ of each concept: a text's vector `Vᵀ d` is the sum of its stems' rows of `V Σ`
    /// divided by Σ.
    inverse_singular: Vec<f32>,
    vectors: Vec<i8>,
    /// The unit direction all texts share (the idf-weighted mean of the stems' vectors):
    /// every text of one language and genre leans that way, and two texts that share only
    /// that lean are not alike.
    centroid: Vec<f32>,
    /// Live documents when the vectors were learnt.
    counted: u64,
}

impl Concepts {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Live documents when the vectors were learnt.
    pub fn counted(&self) -> u64 {
        self.counted
    }

    fn stem(&self, row: usize) -> &str {
        let start = if row == 0 { 0 } else { self.ends[row - 1] as usize };
        &self.text[start..self.ends[row] as usize]
    }

    /// The row of `stem`, if it has a vector.
    pub fn row(&self, stem: &str) -> Option<usize> {
        self.row_from(stem, 0).ok()
    }

    /// The row of `stem` at or after row `from` (`Ok`), or where it would be (`Err`): looking up
    /// a text's stems in their order, each search starts where the last ended and widens from
    /// there, so that a hundred candidates of three hundred stems each compare a few stems
    /// each, not fifteen.
    pub fn row_from(&self, stem: &str, from: usize) -> Result<usize, usize> {
        let (mut low, mut step) = (from.min(self.len()), 1);
        let mut high = low;
        while high < self.len() && self.stem(high) < stem {
            low = high + 1;
            high = (high + step).min(self.len());
            step *= 2;
        }
        let high = if high < self.len() { high + 1 } else { high };
        let (mut low, mut high) = (low, high.max(low));
        while low < high {
            let middle = (low + high) / 2;
            match self.stem(middle).cmp(stem) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Ok(middle),
            }
        }
        Err(low)
    }

    /// Adds `weight` times the stem's row of `V Σ` to `sum`; [`Concepts::fold_in`] turns such a
    /// sum of a text's stems into the text's vector. Σ is divided out once at the end rather
    /// than per stem: this loop is most of a text's vector, and with one product per number
    /// it is vectorised.
    pub fn add_to(&self, sum: &mut [f32], row: usize, weight: f32) {
        let scale = self.scales[row] * weight;
        for (total, &value) in sum.iter_mut().zip(self.bytes(row)) {
            *total += scale * f32::from(value);
        }
    }

    /// A sum of [`Concepts::add_to`] made a text's vector `Vᵀ d`: each concept divided by its
    /// singular value.
    pub fn fold_in(&self, sum: &mut [f32]) {
        for (total, inverse) in sum.iter_mut().zip(&self.inverse_singular) {
            *total *= inverse;
        }
    }

    /// The cosine of the vectors of two stems.
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        let (x, y) = (self.bytes(a), self.bytes(b));
        let dot: i32 = x.iter().zip(y).map(|(&x, &y)| i32::from(x) * i32::from(y)).sum();
        dot as f32 * self.unit_scales[a] * self.unit_scales[b]
    }

    fn bytes(&self, row: usize) -> &[i8] {
        &self.vectors[row * DIMENSIONS..(row + 1) * DIMENSIONS]
    }

    /// Documents holding the stem of a row.
    pub fn doc_freq(&self, row: usize) -> u32 {
        self.doc_freqs[row]
    }

    /// The rows, with their stems and document frequencies.
    pub fn rows(&self) -> impl Iterator<Item = (usize, &str, u32)> {
        (0..self.len()).map(|row| (row, self.stem(row), self.doc_freqs[row]))
    }

    pub fn centroid(&self) -> &[f32] {
        &self.centroid
    }
}

/// Whether a stem can have a vector: a word of three letters or more, no number.
fn is_word(stem: &str) -> bool {
    stem.chars().count() >= 3 && !stem.chars().any(char::is_numeric)
}

/// The document-stem matrix, by stem (for each column, its documents' rows and weights, by
/// row) and by document (for each row, its stems' columns and weights, by column), so that
/// both products split into independent rows of the result for the cores.
struct Matrix {
    rows: usize,
    starts: Vec<usize>,
    entries: Vec<(u32, f32)>,
    row_starts: Vec<usize>,
    row_entries: Vec<(u32, f32)>,
}

impl Matrix {
    fn columns(&self) -> usize {
        self.starts.len() - 1
    }

    fn column(&self, column: usize) -> &[(u32, f32)] {
        &self.entries[self.starts[column]..self.starts[column + 1]]
    }

    /// The matrix of `rows` (each its columns and weights, by column) over `columns` columns.
    fn by_row(columns: usize, rows: Vec<Vec<(u32, f32)>>) -> Matrix {
        let mut column_counts = vec![0usize; columns + 1];
        let mut matrix = Matrix {
            rows: rows.len(),
            starts: Vec::new(),
            entries: Vec::new(),
            row_starts: vec![0],
            row_entries: Vec::new(),
        };
        for row in rows {
            for &(column, _) in &row {
                column_counts[column as usize + 1] += 1;
            }
            matrix.row_entries.extend(row);
            matrix.row_starts.push(matrix.row_entries.len());
        }
        for column in 0..columns {
            column_counts[column + 1] += column_counts[column];
        }
        let mut next = column_counts.clone();
        let mut entries = vec![(0, 0.0); matrix.row_entries.len()];
        for row in 0..matrix.rows {
            for &(column, weight) in
                &matrix.row_entries[matrix.row_starts[row]..matrix.row_starts[row + 1]]
            {
                entries[next[column as usize]] = (row as u32, weight);
                next[column as usize] += 1;
            }
        }
        matrix.entries = entries;
        matrix.starts = column_counts;
        matrix
    }

    /// The matrix times `dense` (columns × [`OVERSAMPLED`], by row): rows × OVERSAMPLED.
    fn times(&self, dense: &[f32]) -> Vec<f32> {
        let mut product = vec![0f32; self.rows * OVERSAMPLED];
        product.par_chunks_exact_mut(OVERSAMPLED).enumerate().for_each(|(row, to)| {
            for &(column, weight) in
                &self.row_entries[self.row_starts[row]..self.row_starts[row + 1]]
            {
                let from =
                    &dense[column as usize * OVERSAMPLED..(column as usize + 1) * OVERSAMPLED];
                for (to, from) in to.iter_mut().zip(from) {
                    *to += weight * from;
                }
            }
        });
        product
    }

    /// The transposed matrix times `dense` (rows × [`OVERSAMPLED`]): columns × OVERSAMPLED.
    fn transposed_times(&self, dense: &[f32]) -> Vec<f32> {
        let mut product = vec![0f32; self.columns() * OVERSAMPLED];
        product.par_chunks_exact_mut(OVERSAMPLED).enumerate().for_each(|(column, to)| {
            for &(row, weight) in self.column(column) {
                let from = &dense[row as usize * OVERSAMPLED..(row as usize + 1) * OVERSAMPLED];
                for (to, from) in to.iter_mut().zip(from) {
                    *to += weight * from;
                }
            }
        });
        product
    }
}

/// The dot product of two slices, in eight lanes so that it is vectorised (a plain sum is
/// not: float addition is not associative, and the compiler keeps its order).
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a_chunks.remainder().iter().zip(b_chunks.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for lane in 0..8 {
            lanes[lane] += x[lane] * y[lane];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Rows of a block summed into one Gram matrix by each task: the tasks' sums are added in
/// their order, so the result does not depend on how the cores took them.
const GRAM_ROWS: usize = 2048;

/// Makes the columns of `block` (rows × [`OVERSAMPLED`], by row) orthonormal: Cholesky QR,
/// twice (CholeskyQR2, Fukaya et al. 2014), which keeps them orthogonal to working precision
/// where power iteration has made some nearly parallel, and splits into rows for the cores;
/// modified Gram-Schmidt where the columns are dependent and Cholesky fails.
fn orthonormalise(block: &mut [f32]) {
    for _ in 0..2 {
        if !cholesky_qr(block) {
            gram_schmidt(block);
            return;
        }
    }
}

/// One round of Cholesky QR: `block` times the inverse of the Cholesky factor of its Gram
/// matrix. False, with `block` unchanged, when that matrix is not positive definite.
fn cholesky_qr(block: &mut [f32]) -> bool {
    const L: usize = OVERSAMPLED;
    let partial: Vec<Vec<f64>> = block
        .par_chunks(GRAM_ROWS * L)
        .map(|rows| {
            let mut gram = vec![0f32; L * L];
            for row in rows.chunks_exact(L) {
                for i in 0..L {
                    let (x, to) = (row[i], &mut gram[i * L..(i + 1) * L]);
                    for (to, y) in to[i..].iter_mut().zip(&row[i..]) {
                        *to += x * y;
                    }
                }
            }
            gram.into_iter().map(f64::from).collect::<Vec<f64>>()
        })
        .collect();
    let mut gram = vec![0f64; L * L];
    for part in partial {
        gram.iter_mut().zip(part).for_each(|(total, x)| *total += x);
    }
    // The upper factor R with Rᵀ R = G, row by row.
    let mut factor = vec![0f64; L * L];
    for i in 0..L {
        for j in i..L {
            let mut sum = gram[i * L + j];
            for k in 0..i {
                sum -= factor[k * L + i] * factor[k * L + j];
            }
            if i == j {
                if sum <= 1e-10 * gram[i * L + i].max(f64::MIN_POSITIVE) || sum <= 0.0 {
                    return false;
                }
                factor[i * L + i] = sum.sqrt();
            } else {
                factor[i * L + j] = sum / factor[i * L + i];
            }
        }
    }
    // R⁻¹, upper triangular, column by column: R R⁻¹ = I solved from the last row up.
    let mut inverse = vec![0f64; L * L];
    for j in 0..L {
        for i in (0..=j).rev() {
            let mut sum = if i == j { 1.0 } else { 0.0 };
            for k in i + 1..=j {
                sum -= factor[i * L + k] * inverse[k * L + j];
            }
            inverse[i * L + j] = sum / factor[i * L + i];
        }
    }
    let inverse: Vec<f32> = inverse.into_iter().map(|x| x as f32).collect();
    // Each row x becomes x R⁻¹, a sum of R⁻¹'s rows.
    block.par_chunks_exact_mut(L).for_each(|row| {
        let mut product = [0f32; L];
        for (k, &x) in row.iter().enumerate() {
            let to = &mut product[k..];
            for (to, r) in to.iter_mut().zip(&inverse[k * L + k..(k + 1) * L]) {
                *to += x * r;
            }
        }
        row.copy_from_slice(&product);
    });
    true
}

/// Modified Gram-Schmidt, twice. A column that vanishes is left zero.
fn gram_schmidt(block: &mut [f32]) {
    let rows = block.len() / OVERSAMPLED;
    let mut columns: Vec<Vec<f32>> = (0..OVERSAMPLED)
        .map(|column| (0..rows).map(|row| block[row * OVERSAMPLED + column]).collect())
        .collect();
    for _ in 0..2 {
        for column in 0..OVERSAMPLED {
            let (done, rest) = columns.split_at_mut(column);
            let current = &mut rest[0];
            for earlier in done.iter() {
                let along = dot(current, earlier);
                for (x, y) in current.iter_mut().zip(earlier) {
                    *x -= along * y;
                }
            }
            let norm = dot(current, current).sqrt();
            let inverse = if norm > 1e-12 { norm.recip() } else { 0.0 };
            current.iter_mut().for_each(|x| *x *= inverse);
        }
    }
    for (column, values) in columns.iter().enumerate() {
        for (row, value) in values.iter().enumerate() {
            block[row * OVERSAMPLED + column] = *value;
        }
    }
}

/// The eigenvalues and eigenvectors (as columns of an n × n matrix, by row) of the symmetric
/// matrix `a` (n × n, by row), by cyclic Jacobi rotations.
fn symmetric_eigen(mut a: Vec<f64>, n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut vectors = vec![0f64; n * n];
    for i in 0..n {
        vectors[i * n + i] = 1.0;
    }
    for _ in 0..50 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j].powi(2))
            .sum();
        let scale: f64 = (0..n).map(|i| a[i * n + i].powi(2)).sum();
        if off <= 1e-22 * scale.max(f64::MIN_POSITIVE) {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < f64::MIN_POSITIVE {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let (c, s) = (1.0 / (t * t + 1.0).sqrt(), t / (t * t + 1.0).sqrt());
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (vectors[k * n + p], vectors[k * n + q]);
                    vectors[k * n + p] = c * vkp - s * vkq;
                    vectors[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), vectors)
}

/// ±1 for each of a stem's columns of the random block, drawn with SplitMix64 from a hash of
/// the stem, so that the block does not depend on the build.
fn random_row(stem: &str) -> [f32; OVERSAMPLED] {
    let mut state = xxhash_rust::xxh3::xxh3_64(stem.as_bytes());
    std::array::from_fn(|_| {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        if (z ^ (z >> 31)) & 1 == 0 {
            1.0
        } else {
            -1.0
        }
    })
}

/// BM25's idf, as the search side weighs stems.
fn idf(doc_freq: u64, num_docs: u64) -> f64 {
    let (df, n) = (doc_freq as f64, num_docs.max(doc_freq) as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Learns the vectors of the stems of `field` from the committed documents of `index`; the
/// documents learnt from are chosen, and ordered, by their `content_hash` fast field.
///
/// One segment is open at a time, as in [`super::spread::count`], so that the postings read
/// are not all resident at once.
pub fn compute(index: &Index, field: Field, content_hash: &str) -> tantivy::Result<Concepts> {
    let segments = index.searchable_segments()?;
    let mut doc_freqs: HashMap<String, u64> = HashMap::new();
    let mut sampled: Vec<(u64, usize, u32)> = Vec::new();
    let mut counted = 0u64;
    for (ord, segment) in segments.iter().enumerate() {
        let reader = SegmentReader::open(segment)?;
        counted += u64::from(reader.num_docs());
        let hashes = reader.fast_fields().u64(content_hash)?;
        let alive = reader.alive_bitset();
        for doc in 0..reader.max_doc() {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                sampled.push((hashes.first(doc).unwrap_or(0), ord, doc));
            }
        }
        let inverted = reader.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let Ok(stem) = std::str::from_utf8(stream.key()) else { continue };
            if is_word(stem) {
                *doc_freqs.entry(stem.to_string()).or_default() +=
                    u64::from(stream.value().doc_freq);
            }
        }
    }
    sampled.sort_unstable();
    sampled.truncate(MODEL_DOCS);
    if sampled.len() < MIN_MODEL_DOCS {
        return Ok(Concepts { counted, ..Concepts::default() });
    }
    let mut row_of: Vec<Vec<u32>> = segments.iter().map(|_| Vec::new()).collect();
    for (row, &(_, ord, doc)) in sampled.iter().enumerate() {
        let rows = &mut row_of[ord];
        if rows.len() <= doc as usize {
            rows.resize(doc as usize + 1, u32::MAX);
        }
        rows[doc as usize] = row as u32;
    }

    let max_docs = if counted >= MIN_DOCS_FOR_SHARE {
        (counted as f64 * MAX_DOC_SHARE) as u64
    } else {
        u64::MAX
    };
    let mut kept: Vec<(String, u64)> =
        doc_freqs.into_iter().filter(|(_, docs)| (MIN_DOCS..=max_docs).contains(docs)).collect();
    kept.sort_by(|(a, a_docs), (b, b_docs)| b_docs.cmp(a_docs).then_with(|| a.cmp(b)));
    kept.truncate(MAX_STEMS);
    kept.sort_by(|(a, _), (b, _)| a.cmp(b));
    let columns: HashMap<&str, usize> =
        kept.iter().enumerate().map(|(column, (stem, _))| (stem.as_str(), column)).collect();

    let mut by_row: Vec<Vec<(u32, f32)>> = vec![Vec::new(); sampled.len()];
    for (ord, segment) in segments.iter().enumerate() {
        let reader = SegmentReader::open(segment)?;
        let inverted = reader.inverted_index(field)?;
        let rows = &row_of[ord];
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let Some(&column) = std::str::from_utf8(stream.key()).ok().and_then(|s| columns.get(s))
            else {
                continue;
            };
            let weight = idf(kept[column].1, counted);
            let mut postings = inverted
                .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)?;
            while postings.doc() != TERMINATED {
                if let Some(&row) =
                    rows.get(postings.doc() as usize).filter(|&&row| row != u32::MAX)
                {
                    let tf = f64::from(postings.term_freq());
                    by_row[row as usize].push((column as u32, (tf.ln_1p() * weight) as f32));
                }
                postings.advance();
            }
        }
    }
    for row in &mut by_row {
        // A document's stems arrive in stem order, its own segment's terms in turn.
        if row.len() > STEMS_PER_DOC {
            row.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            row.truncate(STEMS_PER_DOC);
            row.sort_unstable_by_key(|&(column, _)| column);
        }
        let norm = row.iter().map(|&(_, weight)| f64::from(weight).powi(2)).sum::<f64>().sqrt();
        for (_, weight) in row.iter_mut() {
            *weight = (f64::from(*weight) / norm) as f32;
        }
    }
    let matrix = Matrix::by_row(kept.len(), by_row);

    super::phases::mark(&format!(
        "concepts' matrix: {} documents × {} stems, {} entries",
        matrix.rows,
        matrix.columns(),
        matrix.entries.len()
    ));
    let (vectors, singular) = decompose(&matrix, &kept);
    Ok(assemble(&kept, &vectors, &singular, counted))
}

/// The rows of `V Σ` (columns × [`DIMENSIONS`], by row) and the singular values Σ of the
/// truncated decomposition of `matrix`.
fn decompose(matrix: &Matrix, kept: &[(String, u64)]) -> (Vec<f32>, Vec<f32>) {
    let random: Vec<f32> = kept.iter().flat_map(|(stem, _)| random_row(stem)).collect();
    let mut range = matrix.times(&random);
    orthonormalise(&mut range);
    for _ in 0..POWER_ITERATIONS {
        let mut back = matrix.transposed_times(&range);
        orthonormalise(&mut back);
        range = matrix.times(&back);
        orthonormalise(&mut range);
    }
    // Bᵀ = Aᵀ Q: B Bᵀ's eigenvectors U_B and eigenvalues σ² give V Σ = Bᵀ U_B.
    let transposed = matrix.transposed_times(&range);
    let mut gram = vec![0f64; OVERSAMPLED * OVERSAMPLED];
    for row in transposed.chunks_exact(OVERSAMPLED) {
        for i in 0..OVERSAMPLED {
            for j in i..OVERSAMPLED {
                gram[i * OVERSAMPLED + j] += f64::from(row[i]) * f64::from(row[j]);
            }
        }
    }
    for i in 0..OVERSAMPLED {
        for j in 0..i {
            gram[i * OVERSAMPLED + j] = gram[j * OVERSAMPLED + i];
        }
    }
    let (values, eigenvectors) = symmetric_eigen(gram, OVERSAMPLED);
    let mut order: Vec<usize> = (0..OVERSAMPLED).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    order.truncate(DIMENSIONS);
    let singular: Vec<f32> = order.iter().map(|&i| values[i].max(0.0).sqrt() as f32).collect();
    // The kept eigenvectors, by row of U_B: each row of Bᵀ times it is a sum of its rows.
    let kept_vectors: Vec<f32> = (0..OVERSAMPLED)
        .flat_map(|i| order.iter().map(move |&concept| (i, concept)))
        .map(|(i, concept)| eigenvectors[i * OVERSAMPLED + concept] as f32)
        .collect();
    let mut vectors = vec![0f32; kept.len() * DIMENSIONS];
    for (row, to) in transposed.chunks_exact(OVERSAMPLED).zip(vectors.chunks_exact_mut(DIMENSIONS))
    {
        for (&x, eigen) in row.iter().zip(kept_vectors.chunks_exact(DIMENSIONS)) {
            for (to, e) in to.iter_mut().zip(eigen) {
                *to += x * e;
            }
        }
    }
    (vectors, singular)
}

/// The stored form of the stems' rows of `V Σ`.
fn assemble(kept: &[(String, u64)], vectors: &[f32], singular: &[f32], counted: u64) -> Concepts {
    let inverse_singular: Vec<f32> =
        singular.iter().map(|&s| if s > 1e-9 { s.recip() } else { 0.0 }).collect();
    let mut concepts = Concepts { counted, inverse_singular, ..Concepts::default() };
    let mut centroid = vec![0f64; DIMENSIONS];
    for ((stem, docs), vector) in kept.iter().zip(vectors.chunks_exact(DIMENSIONS)) {
        let largest = vector.iter().map(|value| value.abs()).fold(0f32, f32::max);
        let bytes: Vec<i8> = if largest > 0.0 {
            vector.iter().map(|&value| (value * 127.0 / largest).round() as i8).collect()
        } else {
            vec![0; DIMENSIONS]
        };
        let norm = bytes.iter().map(|&b| f32::from(b).powi(2)).sum::<f32>().sqrt();
        let scale = largest / 127.0;
        let weight = *docs as f64 * idf(*docs, counted);
        for ((total, &b), inverse) in
            centroid.iter_mut().zip(&bytes).zip(&concepts.inverse_singular)
        {
            *total += weight * f64::from(b) * f64::from(scale) * f64::from(*inverse);
        }
        concepts.text.push_str(stem);
        concepts.ends.push(concepts.text.len() as u32);
        concepts.doc_freqs.push(u32::try_from(*docs).unwrap_or(u32::MAX));
        concepts.scales.push(scale);
        concepts.unit_scales.push(if norm > 0.0 { norm.recip() } else { 0.0 });
        concepts.vectors.extend(bytes);
    }
    let norm = centroid.iter().map(|value| value * value).sum::<f64>().sqrt();
    concepts.centroid =
        centroid.iter().map(|value| if norm > 0.0 { (value / norm) as f32 } else { 0.0 }).collect();
    concepts
}

/// Writes the vectors into the generation's folder, whole or not at all: the layout's name,
/// the xxh3 of the rest (so that a damaged file that still decodes is not read), the rest.
pub fn write(generation: &Path, concepts: &Concepts) -> std::io::Result<()> {
    let bytes = encode(concepts);
    super::write_table(generation, FILE, &[MAGIC, &xxh3_64(&bytes).to_le_bytes(), &bytes])
}

fn encode(concepts: &Concepts) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(24 + concepts.text.len() + concepts.vectors.len());
    for number in [concepts.len() as u64, concepts.text.len() as u64, concepts.counted] {
        bytes.extend_from_slice(&number.to_le_bytes());
    }
    bytes.extend_from_slice(concepts.text.as_bytes());
    for &end in &concepts.ends {
        bytes.extend_from_slice(&end.to_le_bytes());
    }
    for &docs in &concepts.doc_freqs {
        bytes.extend_from_slice(&docs.to_le_bytes());
    }
    let floats =
        [&concepts.scales, &concepts.unit_scales, &concepts.inverse_singular, &concepts.centroid];
    for &value in floats.into_iter().flatten() {
        bytes.extend_from_slice(&value.to_le_bytes());
    }
    bytes.extend(concepts.vectors.iter().map(|&b| b as u8));
    bytes
}

/// The generation's vectors, or `None` when it has none that this version reads.
pub fn read(generation: &Path) -> Option<Concepts> {
    let path = generation.join(FILE);
    // Not a FIFO or a device in its place: reading one would wait for ever.
    if !fs::metadata(&path).ok()?.is_file() {
        return None;
    }
    decode(&fs::read(path).ok()?)
}

fn decode(bytes: &[u8]) -> Option<Concepts> {
    let checked = bytes.strip_prefix(MAGIC)?;
    let (sum, mut rest) = (checked.get(..8)?, checked.get(8..)?);
    if xxh3_64(rest).to_le_bytes() != sum {
        return None;
    }
    let mut take = |length: usize| -> Option<&[u8]> {
        let (taken, left) = (rest.get(..length)?, rest.get(length..)?);
        rest = left;
        Some(taken)
    };
    let header = take(24)?;
    let number = |at: usize| u64::from_le_bytes(header[at..at + 8].try_into().unwrap_or([0; 8]));
    let stems = usize::try_from(number(0)).ok()?;
    let text_len = usize::try_from(number(8)).ok()?;
    let counted = number(16);
    let text = String::from_utf8(take(text_len)?.to_vec()).ok()?;
    let quads = |bytes: &[u8]| -> Vec<[u8; 4]> {
        bytes.chunks_exact(4).map(|chunk| [chunk[0], chunk[1], chunk[2], chunk[3]]).collect()
    };
    let per_stem = stems.checked_mul(4)?;
    let ends: Vec<u32> = quads(take(per_stem)?).into_iter().map(u32::from_le_bytes).collect();
    let doc_freqs = quads(take(per_stem)?).into_iter().map(u32::from_le_bytes).collect();
    let mut floats = |count: usize| -> Option<Vec<f32>> {
        Some(quads(take(count)?).into_iter().map(f32::from_le_bytes).collect())
    };
    let scales = floats(per_stem)?;
    let unit_scales = floats(per_stem)?;
    // An index too small to learn from has no stems and no concepts.
    let dimensions = if stems == 0 { 0 } else { DIMENSIONS };
    let inverse_singular = floats(dimensions * 4)?;
    let centroid = floats(dimensions * 4)?;
    let vectors = take(stems.checked_mul(DIMENSIONS)?)?.iter().map(|&b| b as i8).collect();
    if !rest.is_empty() {
        return None;
    }
    let floats = [&scales, &unit_scales, &inverse_singular, &centroid];
    if floats.iter().any(|values| values.iter().any(|value| !value.is_finite())) {
        return None;
    }
    // Every stem must end within the text, after the one before, on a character boundary.
    let mut start = 0usize;
    for &end in &ends {
        let end = end as usize;
        if end < start || end > text.len() || !text.is_char_boundary(end) {
            return None;
        }
        start = end;
    }
    Some(Concepts {
        text,
        ends,
        doc_freqs,
        scales,
        unit_scales,
        inverse_singular,
        vectors,
        centroid,
        counted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, FAST, TEXT};
    use tantivy::{doc, Index};

    /// An index of `texts`, each document's content hash drawn from `seed` and its number,
    /// committed in two segments.
    fn index_of(texts: &[String], seed: u64) -> (Index, Field) {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let hash = builder.add_u64_field("content_hash", FAST);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (number, text) in texts.iter().enumerate() {
            let content = xxhash_rust::xxh3::xxh3_64(text.as_bytes()) ^ seed;
            writer.add_document(doc!(body => text.as_str(), hash => content)).unwrap();
            if number == texts.len() / 2 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        (index, body)
    }

    /// `documents` documents on 30 topics, each topic a vocabulary of 10 words of its own, each
    /// document 3 words of its topic and 2 of a vocabulary all topics share, drawn with a fixed
    /// generator; and `word(topic, n)` the n-th word of a topic.
    fn topics(documents: usize) -> Vec<String> {
        let shared = ["projekt", "rapport", "region", "samverkan", "uppdrag", "arbete", "plan"];
        let mut state = 17u64;
        let mut next = |below: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((state >> 33) % below as u64) as usize
        };
        (0..documents)
            .map(|number| {
                let topic = number % TOPICS;
                let mut words: Vec<String> = (0..3).map(|_| word(topic, next(10))).collect();
                words.extend((0..2).map(|_| shared[next(shared.len())].to_string()));
                words.join(" ")
            })
            .collect()
    }

    const TOPICS: usize = 30;
    /// Enough documents for the topics to stand out from the chance company of words.
    const DOCUMENTS: usize = 6_000;

    fn word(topic: usize, n: usize) -> String {
        let letters = |k: usize| char::from(b'a' + (k % 26) as u8);
        format!("ord{}{}{}", letters(topic / 26), letters(topic), letters(n))
    }

    #[test]
    fn stems_of_one_topic_are_near_and_of_two_topics_far() {
        let (index, body) = index_of(&topics(DOCUMENTS), 0);
        let concepts = compute(&index, body, "content_hash").unwrap();
        assert_eq!(concepts.counted(), DOCUMENTS as u64);
        // The 300 topic words; the shared ones are in over a quarter of the documents.
        assert_eq!(concepts.len(), 300);
        assert_eq!(concepts.row("projekt"), None);
        let row = |topic, n| concepts.row(&word(topic, n)).unwrap();
        // Every word's five nearest words are of its own topic.
        let mut misplaced = Vec::new();
        for (topic, n) in (0..TOPICS).flat_map(|topic| (0..10).map(move |n| (topic, n))) {
            let mut others: Vec<(f32, usize)> = (0..TOPICS)
                .flat_map(|other| (0..10).map(move |m| (other, m)))
                .filter(|&(other, m)| (other, m) != (topic, n))
                .map(|(other, m)| (concepts.cosine(row(topic, n), row(other, m)), other))
                .collect();
            others.sort_by(|a, b| b.0.total_cmp(&a.0));
            if others[..5].iter().any(|&(_, other)| other != topic) {
                misplaced.push(word(topic, n));
            }
        }
        assert_eq!(misplaced, Vec::<String>::new());
    }

    #[test]
    fn a_stem_is_found_from_any_row_at_or_before_it() {
        let (index, body) = index_of(&topics(MIN_MODEL_DOCS), 0);
        let concepts = compute(&index, body, "content_hash").unwrap();
        let stems: Vec<String> = concepts.rows().map(|(_, stem, _)| stem.to_string()).collect();
        for (row, stem) in stems.iter().enumerate() {
            for from in [0, row / 2, row.saturating_sub(1), row] {
                assert_eq!(concepts.row_from(stem, from), Ok(row), "{stem} from {from}");
            }
            // Past the stem it is not found again.
            assert!(concepts.row_from(stem, row + 1).is_err());
        }
        assert_eq!(concepts.row_from("a", 0), Err(0));
        assert_eq!(concepts.row_from("ordaaab", 0), Err(1));
        assert_eq!(concepts.row_from("ö", 0), Err(stems.len()));
        assert_eq!(concepts.row_from("ö", stems.len() + 5), Err(stems.len()));
    }

    #[test]
    fn the_vectors_do_not_depend_on_the_order_documents_were_indexed_in() {
        let mut texts = topics(MIN_MODEL_DOCS);
        let (index, body) = index_of(&texts, 0);
        let forward = compute(&index, body, "content_hash").unwrap();
        texts.reverse();
        let (index, body) = index_of(&texts, 0);
        let backward = compute(&index, body, "content_hash").unwrap();
        // 14 of the 300 topic words are in fewer than five of the thousand documents.
        assert_eq!(forward.len(), 286);
        assert_eq!(forward, backward);
    }

    #[test]
    fn an_index_of_fewer_documents_than_the_model_needs_has_no_concepts() {
        let texts: Vec<String> = topics(MIN_MODEL_DOCS - 1);
        let (index, body) = index_of(&texts, 0);
        let concepts = compute(&index, body, "content_hash").unwrap();
        assert!(concepts.is_empty());
        assert_eq!(concepts.counted(), 999);
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &concepts).unwrap();
        assert_eq!(read(dir.path()), Some(concepts));
    }

    #[test]
    fn vectors_read_back_and_a_damaged_or_missing_file_is_none() {
        let (index, body) = index_of(&topics(MIN_MODEL_DOCS), 0);
        let concepts = compute(&index, body, "content_hash").unwrap();
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &concepts).unwrap();
        assert_eq!(read(dir.path()), Some(concepts));
        let bytes = fs::read(dir.path().join(FILE)).unwrap();
        for cut in [0, 8, 20, 40, bytes.len() - 1] {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        // A byte of a vector changed still decodes as a layout, but not as what was written.
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(decode(&flipped), None);
        fs::remove_file(dir.path().join(FILE)).unwrap();
        assert_eq!(read(dir.path()), None);
    }

    #[test]
    fn the_eigenvectors_of_a_symmetric_matrix_diagonalise_it() {
        let a = vec![4.0, 1.0, 0.0, 1.0, 3.0, 1.0, 0.0, 1.0, 2.0];
        let (values, vectors) = symmetric_eigen(a.clone(), 3);
        for (k, &value) in values.iter().enumerate() {
            for i in 0..3 {
                let av: f64 = (0..3).map(|j| a[i * 3 + j] * vectors[j * 3 + k]).sum();
                assert!((av - value * vectors[i * 3 + k]).abs() < 1e-9);
            }
        }
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        // The trace and the determinant are kept: 9 and 18.
        assert!((sorted.iter().sum::<f64>() - 9.0).abs() < 1e-9);
        assert!((sorted.iter().product::<f64>() - 18.0).abs() < 1e-9);
    }

    #[test]
    fn orthonormalised_columns_are_orthonormal_even_when_nearly_parallel() {
        let rows = 300;
        let mut block: Vec<f32> = (0..rows * OVERSAMPLED)
            .map(|i| {
                let (row, column) = (i / OVERSAMPLED, i % OVERSAMPLED);
                // Every column the first plus a little of its own.
                ((row * 7 + 3) % 11) as f32 + 1e-3 * ((row * column + column) % 13) as f32
            })
            .collect();
        orthonormalise(&mut block);
        for a in 0..OVERSAMPLED {
            for b in a..OVERSAMPLED {
                let dot: f32 = (0..rows)
                    .map(|row| block[row * OVERSAMPLED + a] * block[row * OVERSAMPLED + b])
                    .sum();
                let norm_b: f32 = (0..rows).map(|row| block[row * OVERSAMPLED + b].powi(2)).sum();
                // A column that vanished stays zero; all others are unit and orthogonal.
                if a == b {
                    assert!(norm_b < 1e-6 || (dot - 1.0).abs() < 1e-3, "{a}: {dot}");
                } else {
                    assert!(dot.abs() < 1e-3, "{a} {b}: {dot}");
                }
            }
        }
    }
}
