//! Reliability of the real binary: broken input files, interrupted and concurrent indexing
//! runs, incremental updates, damaged indexes, bad queries and the exit codes.

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::common::wire::{self, Search};
use crate::common::*;
use projsok::analysis::synonyms::Synonyms;
use projsok::document::Document;
use projsok::index::schema::Facet;
use projsok::search::Request;

// ---------------------------------------------------------------------------------------------
// Helpers

/// An ESF project page of the kind the parser knows, different for every `n`.
fn synthetic_page(n: usize) -> String {
    const REGIONS: [&str; 4] =
        ["Övre Norrland", "Mellersta Norrland", "Stockholm", "Skåne-Blekinge"];
    const KOMMUNER: [&str; 6] = ["Jokkmokk", "Kramfors", "Malmö", "Solna", "Umeå", "Ystad"];
    const WORDS: [&str; 16] = [
        "socialt",
        "företagande",
        "matchning",
        "arbetssökande",
        "kooperativ",
        "utbildning",
        "nyanlända",
        "praktik",
        "handledning",
        "arbetsgivare",
        "kompetens",
        "validering",
        "språkstöd",
        "ungdomar",
        "landsbygd",
        "samverkan",
    ];
    let phase = if n.is_multiple_of(3) { "Förprojektering" } else { "Genomförande" };
    let program = if n.is_multiple_of(2) {
        "Programområde 1 Kompetensförsörjning"
    } else {
        "Programområde 2 Ökat arbetskraftsutbud"
    };
    let mut text = String::new();
    for i in 0..90 {
        text.push_str(WORDS[(n * 7 + i * 3 + i / 5) % WORDS.len()]);
        text.push_str(if i % 12 == 11 { ". " } else { " " });
    }
    format!(
        "Projekt {n}: {first} och {second}\n\n\
         ProgramområdeProgramområde {program}\n\
         Projektfas{phase}\n\
         ProjektägareFörening {owner}\n\
         Beviljat ESF-stöd{grant} kr\n\
         Total projektbudget{budget} kr\n\
         Projektperiod2009-01-01 till 2010-12-31\n\
         Region{region}\n\n\
         Sammanfattning\n\n{text}\n\n\
         Kommun\n\n • {kommun}\n",
        first = WORDS[n % 16],
        second = WORDS[(n / 16) % 16],
        program = program.trim_start_matches("Programområde "),
        owner = n % 11,
        grant = 100_000 + n * 1000,
        budget = 200_000 + n * 1000,
        region = REGIONS[n % 4],
        kommun = KOMMUNER[n % 6],
    )
}

/// Writes `count` synthetic pages to `dir`.
fn write_synthetic(dir: &Path, count: usize) {
    fs::create_dir_all(dir).unwrap();
    for n in 0..count {
        fs::write(dir.join(format!("page{n:05}.txt")), synthetic_page(n)).unwrap();
    }
}

/// `projsok ARGS` in `env`, started and not waited for; its stderr arrives line by line.
struct Running {
    child: Child,
    lines: Receiver<String>,
}

impl Running {
    fn start(env: &Env, args: &[&str], extra_env: &[(&str, &str)]) -> Running {
        let mut command = Command::new(env!("CARGO_BIN_EXE_projsok"));
        command
            .args(args)
            .current_dir(env.path())
            .env("NO_COLOR", "1")
            .env("XDG_CONFIG_HOME", env.join("no-config"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, value) in extra_env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("start projsok");
        let stderr = child.stderr.take().unwrap();
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                if sender.send(line.unwrap_or_default()).is_err() {
                    break;
                }
            }
        });
        Running { child, lines }
    }

    /// Waits for the `n`th progress line ("projsok: read 200/1000 documents"); false when the
    /// process ended first.
    fn await_progress(&self, n: usize) -> bool {
        let mut seen = 0;
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(60)) {
            if line.contains(" documents") && line.starts_with("projsok: read ") {
                seen += 1;
                if seen == n {
                    return true;
                }
            }
        }
        false
    }

    fn finished(&mut self) -> bool {
        self.child.try_wait().unwrap().is_some()
    }

    /// SIGKILL on Unix. Returns whether the process was still running when killed.
    fn kill(mut self) -> bool {
        let running = !self.finished();
        let _ = self.child.kill();
        let status = self.child.wait().unwrap();
        running && !status.success()
    }
}

fn total(env: &Env) -> usize {
    env.search(&["", "--limit", "0"]).total
}

/// The write lock is free: the killed process left no lock behind.
fn assert_lock_free(env: &Env) {
    let lock = File::options().write(true).open(env.join("index/write.lock")).unwrap();
    lock.try_lock().expect("write.lock is free after the kill");
}

fn generations(env: &Env) -> usize {
    fs::read_dir(env.join("index"))
        .unwrap()
        .filter(|entry| entry.as_ref().unwrap().file_name().to_string_lossy().starts_with("gen-"))
        .count()
}

/// Parses "projsok: indexed N documents (S seen, K skipped…" into (N, S, K).
fn summary_counts(stderr: &str) -> (usize, usize, usize) {
    let line = stderr
        .lines()
        .find(|line| line.starts_with("projsok: indexed "))
        .unwrap_or_else(|| panic!("no summary line in\n{stderr}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .take(3)
        .map(|part| part.parse().unwrap())
        .collect();
    (numbers[0], numbers[1], numbers[2])
}

/// "projsok: skipped ID: REASON (DETAIL)" lines as (id, reason).
fn skipped_lines(stderr: &str) -> Vec<(String, String)> {
    stderr
        .lines()
        .filter_map(|line| line.strip_prefix("projsok: skipped "))
        .map(|rest| {
            let (id, reason) = rest.rsplit_once(": ").expect("skip line has a reason");
            let reason = reason.split(" (").next().unwrap().to_string();
            (id.to_string(), reason)
        })
        .collect()
}

fn is_root() -> bool {
    // Permissions do not block root; find out rather than trust an environment variable.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("probe");
    fs::write(&path, "x").unwrap();
    set_mode(&path, 0o000);
    fs::read(&path).is_ok()
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) {}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    bytes
}

// ---------------------------------------------------------------------------------------------
// Bad documents

/// The seeds plus deliberately broken files: every seed is indexed with the right fields,
/// the readable oddities (other encodings, half-broken pages) are indexed, and every broken
/// file is reported exactly once with the right reason.
#[cfg(unix)]
#[test]
fn must_hold_seeds_among_broken_files() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::symlink;

    let env = Env::with_seeds();
    let dir = env.join("seeds");
    let write = |name: &str, bytes: &[u8]| fs::write(dir.join(name), bytes).unwrap();
    let root = is_root();

    // (file, expected reason) for every file that must be skipped.
    let mut expected: Vec<(String, &str)> = Vec::new();
    let mut skip =
        |name: &str, reason: &'static str| expected.push((format!("seeds/{name}"), reason));

    write("empty.txt", b"");
    skip("empty.txt", "empty file");
    write("blank.txt", b"  \n\t\r\n   \n");
    skip("blank.txt", "empty file");
    write("nul.dat", b"Projekt\0\0\x01data");
    skip("nul.dat", "binary file");
    write("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    skip("image.png", "binary file");
    write("archive.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00");
    skip("archive.zip", "binary file");
    write("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n");
    skip("report.pdf", "binary file");
    write("photo.jpg", b"\xFF\xD8\xFF\xE0\x00\x10JFIF");
    skip("photo.jpg", "binary file");
    write("anim.gif", b"GIF89a\x01\x00\x01\x00");
    skip("anim.gif", "binary file");
    write("terminal.log", &b"\x1b[0m\x07\x08\x1b[1m\x01\x02 x".repeat(50));
    skip("terminal.log", "binary file");
    write("big.txt", "Socialt företagande. ".repeat(5000).as_bytes());
    skip("big.txt", "too large");
    symlink("does-not-exist.txt", dir.join("broken-link.txt")).unwrap();
    skip("broken-link.txt", "broken symlink");
    symlink(".", dir.join("loop")).unwrap();
    skip("loop", "symlink loop");
    symlink("self-link.txt", dir.join("self-link.txt")).unwrap();
    skip("self-link.txt", "symlink loop");
    symlink(Path::new(S003).file_name().unwrap(), dir.join("same-as-003.txt")).unwrap();
    skip("same-as-003.txt", "duplicate");
    let fifo = Command::new("mkfifo").arg(dir.join("pipe")).status();
    if fifo.is_ok_and(|status| status.success()) {
        skip("pipe", "not a regular file");
    }
    if cfg!(target_os = "linux") {
        // Reading /proc/self/mem at offset 0 fails with EIO, even for root.
        symlink("/proc/self/mem", dir.join("proc-mem.txt")).unwrap();
        skip("proc-mem.txt", "unreadable file");
    }
    write("locked.txt", b"Hemlig text om kooperativ");
    set_mode(&dir.join("locked.txt"), 0o000);
    fs::create_dir(dir.join("locked-folder")).unwrap();
    fs::write(dir.join("locked-folder/inside.txt"), "Text i en låst mapp").unwrap();
    set_mode(&dir.join("locked-folder"), 0o000);
    if root {
        eprintln!("running as root: permissions do not block reads, so locked.txt and locked-folder are indexed");
    } else {
        skip("locked.txt", "unreadable file");
        skip("locked-folder", "unreadable folder");
    }
    let bad_name = std::ffi::OsStr::from_bytes(b"f\xf6retag.txt");
    let made_bad_name = fs::write(dir.join(bad_name), "Text om företag").is_ok();
    if made_bad_name {
        skip("f\\xF6retag.txt", "non-UTF-8 name");
    }

    // Readable, though not plain UTF-8 or not well-formed: indexed.
    write("cp1252.txt", b"Kooperativ i Sm\xe5land\n\nSocialt f\xf6retagande f\xf6r unga \x96 \x93v\xe4gen in\x94.\n");
    write(
        "utf16le.txt",
        &utf16("Språkstöd på modersmål\n\nValidering av yrkeskunskaper.\n", false),
    );
    write("utf16be.txt", &utf16("Handledning för nyanlända\n\nPraktik och språkstöd.\n", true));
    write(
        "utf8bom.txt",
        "\u{feff}Landsbygdens företagare\n\nNätverk för småföretagare.\n".as_bytes(),
    );
    write(
        "half-broken.txt",
        "Halvtrasigt projekt\n\nProjektfasGenomförande\nRegionÖvre Norrland\n\
         ProjektägareSkellefteå kommun\nBeviljat ESF-stödsaknas\nTotal projektbudget1,2 Mkr\n\
         Projektperiod2011-02-01\n\nSammanfattning\n\nEtt projekt om kooperativ.\n\n\
         Bakgrund\n\nSammanfattning\n\nMer text om kooperativ.\n"
            .as_bytes(),
    );
    write(
        "reordered.txt",
        "Omkastat projekt\nRegionStockholm\nProjektperiod2010-01-01 till 2009-01-01\n\
         ProgramområdeProgramområde 1 Kompetensförsörjning\nProjektfasFörprojektering\n\
         E-postinte-en-adress\n\nMålsättning\n\nMål om socialt företagande.\n"
            .as_bytes(),
    );

    // --follow: the links above are followed, so that their targets are judged.
    let output = env.run(&["index", "seeds", "--max-size", "64K", "--follow"]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    // Restore permissions so the temporary folder can be removed.
    set_mode(&dir.join("locked.txt"), 0o644);
    set_mode(&dir.join("locked-folder"), 0o755);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let mut reported = skipped_lines(&stderr);
    reported.sort();
    let mut wanted: Vec<(String, String)> =
        expected.iter().map(|(id, reason)| (id.clone(), reason.to_string())).collect();
    wanted.sort();
    assert_eq!(reported, wanted, "skip lines\n{stderr}");
    assert!(wanted.len() >= 16, "{} broken files", wanted.len());

    let indexed_extra = 6 + if root { 2 } else { 0 };
    let (indexed, seen, skipped) = summary_counts(&stderr);
    assert_eq!((indexed, skipped), (5 + indexed_extra, wanted.len()), "{stderr}");
    assert_eq!(seen, indexed + skipped, "{stderr}");
    for (_, reason) in &wanted {
        assert!(stderr.contains(&format!(" {reason}")), "summary names {reason}:\n{stderr}");
    }
    assert_eq!(total(&env), indexed);

    // The seeds keep their exact fields.
    let record = env.show(S000);
    assert_eq!(record.title, "N till N - från nyanländ till nyanställd");
    assert_eq!(record.esf_grant_sek, Some(634672));
    assert_eq!(record.period_end.as_deref(), Some("2009-06-30"));
    assert_eq!(record.kommuner.len(), 29);
    assert_eq!(env.show(S003).kommuner, ["Jokkmokk", "Skellefteå", "Älvsbyn"]);
    assert_eq!(env.show(S004).region.as_deref(), Some("Mellersta Norrland"));
    assert_eq!(env.show(S001).format.as_deref(), Some("transcript"));
    let s002 = env.show(S002);
    assert_eq!(s002.owner.as_deref(), Some("VIVA kompetenscentrum"));
    assert_eq!((s002.esf_grant_sek, s002.total_budget_sek), (Some(150_000), Some(200_000)));
    assert_eq!(env.show(S004).esf_grant_sek, Some(4_148_664));

    // Other encodings read as text.
    let cp1252 = env.show("seeds/cp1252.txt");
    assert_eq!(cp1252.title, "Kooperativ i Småland");
    assert_eq!(cp1252.warnings, ["text: decoded from Windows-1252"]);
    assert_eq!(env.show("seeds/utf16le.txt").title, "Språkstöd på modersmål");
    assert_eq!(env.show("seeds/utf16be.txt").title, "Handledning för nyanlända");
    let bom = env.show("seeds/utf8bom.txt");
    assert_eq!((bom.title.as_str(), bom.warnings.len()), ("Landsbygdens företagare", 0));
    let found = env.search(&["företagande"]);
    assert!(paths(&found).contains(&"seeds/cp1252.txt"), "{:?}", paths(&found));
    assert_eq!(paths(&env.search(&["modersmål"])), ["seeds/utf16le.txt"]);

    // Half-broken pages: what could be read, and what could not as warnings.
    let half = env.show("seeds/half-broken.txt");
    assert_eq!(half.phase.as_deref(), Some("Genomförande"));
    assert_eq!(half.esf_grant_sek, None);
    assert_eq!(half.total_budget_sek, Some(1_200_000));
    assert_eq!(
        (half.period_start.as_deref(), half.period_end.as_deref()),
        (Some("2011-02-01"), None)
    );
    for warning in [
        "Projektperiod: only one date in \"2011-02-01\"",
        "Programområde: missing from the header",
        "Sammanfattning: appears 2 times; the texts are joined",
    ] {
        assert!(half.warnings.iter().any(|w| w == warning), "{warning}: {:?}", half.warnings);
    }
    let reordered = env.show("seeds/reordered.txt");
    assert_eq!(reordered.region.as_deref(), Some("Stockholm"));
    assert_eq!(reordered.phase.as_deref(), Some("Förprojektering"));
    assert!(reordered.warnings.iter().any(|w| w.contains("ends before it starts")));
    let human = env.ok(&["show", "seeds/half-broken.txt"]);
    assert!(human.contains("Warnings:\n- Projektperiod: only one date"), "{human}");
    assert!(env.show(S003).warnings.is_empty());
}

#[test]
fn windows_1252_indexes_as_swedish_end_to_end() {
    let env = Env::with_seeds();
    fs::create_dir(env.join("old")).unwrap();
    fs::write(env.join("old/gammal.txt"), b"Socialt f\xf6retagande i \xd6vre Norrland\n").unwrap();
    env.ok(&["index", "old"]);
    let result = env.search(&["företagande"]);
    assert_eq!(paths(&result), ["old/gammal.txt"]);
    assert_eq!(result.hits[0].title, "Socialt företagande i Övre Norrland");
    assert_eq!(paths(&env.search(&["foretagande"])), ["old/gammal.txt"]);
}

#[test]
fn strict_turns_skips_into_exit_two_after_the_run() {
    let env = Env::with_seeds();
    env.ok(&["index", "seeds", "--strict"]);
    fs::write(env.join("seeds/empty.txt"), "").unwrap();
    let stderr = env.fails(&["index", "seeds", "--strict"], 2);
    assert!(stderr.contains("skipped seeds/empty.txt: empty file"), "{stderr}");
    assert!(stderr.contains("--strict: 1 skipped"), "{stderr}");
    // The run completed: the index holds the five seeds.
    assert_eq!(total(&env), 5);
    fs::remove_file(env.join("seeds/empty.txt")).unwrap();
    // Indexing the folder that holds the index passes over the index itself.
    env.ok(&["index", ".", "--strict"]);
    assert_eq!(sorted_paths(&env.search(&[""])), [S000, S001, S002, S003, S004]);
}

#[test]
fn max_size_takes_suffixes_and_refuses_nonsense() {
    let env = Env::with_seeds();
    // The largest seed is 44449 bytes.
    let stderr = env.fails(&["index", "seeds", "--max-size", "40K", "--strict"], 2);
    assert!(stderr.contains("001_5529787c01511de8.txt: too large (44449 bytes"), "{stderr}");
    env.ok(&["index", "seeds", "--max-size", "44449", "--strict"]);
    // A decimal size is taken (43.4K is under seed 001's 44 449 bytes).
    let stderr = env.fails(&["index", "seeds", "--max-size", "43.4K", "--strict"], 2);
    assert!(stderr.contains("001_5529787c01511de8.txt: too large (44449 bytes"), "{stderr}");
    env.ok(&["index", "seeds", "--max-size", "43.5K", "--strict"]);
    // An update with a lower limit skips an unchanged file over it, as a rebuild does.
    let stderr = env.stderr(&["index", "seeds", "--update", "--max-size", "40K"]);
    assert!(stderr.contains("001_5529787c01511de8.txt: too large (44449 bytes"), "{stderr}");
    assert!(stderr.contains("updated: 0 added, 0 changed, 1 removed, 4 unchanged"), "{stderr}");
    for bad in ["lots", "5T", "-1", "", "1.5.1M", ".", "20,000"] {
        let stderr = env.fails(&["index", "seeds", &format!("--max-size={bad}")], 2);
        assert!(stderr.contains("--max-size"), "{stderr}");
    }
}

#[test]
fn an_update_keeps_the_documents_it_could_not_read_now() {
    // A folder or file refused (a permission, a share's I/O error) is no sign that it is gone.
    let env = Env::with_seeds();
    fs::create_dir_all(env.join("d/a")).unwrap();
    fs::rename(env.join("seeds"), env.join("d/b")).unwrap();
    fs::write(env.join("d/a/x.md"), "# X\n\nOm matchning.\n").unwrap();
    env.ok(&["index", "d"]);
    let update = |refused: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_projsok"))
            .args(["index", "d", "--update"])
            .current_dir(env.path())
            .env("PROJSOK_FAILPOINT", format!("unreadable:{refused}"))
            .env_remove("PROJSOK_INDEX")
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    for (refused, kept) in [("b", "kept 5 documents"), ("d", "kept 6 documents")] {
        let stderr = update(refused);
        assert!(stderr.contains("unreadable folder"), "{stderr}");
        assert!(
            stderr.contains(&format!("projsok: {kept} that could not be read now")),
            "{stderr}"
        );
        assert!(stderr.contains("0 removed"), "{stderr}");
        assert_eq!(env.search(&[""]).total, 6);
    }
    // A changed file, read and refused.
    fs::write(env.join("d/a/x.md"), "# X\n\nOm matchning och mer.\n").unwrap();
    let stderr = update("x.md");
    assert!(stderr.contains("skipped d/a/x.md: unreadable file"), "{stderr}");
    assert!(stderr.contains("kept 1 document that could not be read now"), "{stderr}");
    assert_eq!(env.search(&[""]).total, 6);
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_skipped_unless_running_as_root() {
    let env = Env::with_seeds();
    let locked = env.join("seeds/locked.txt");
    fs::write(&locked, "Hemlig text").unwrap();
    set_mode(&locked, 0o000);
    let output = env.run(&["index", "seeds"]);
    set_mode(&locked, 0o644);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    if is_root() {
        // chmod 000 does not stop root from reading: the file is indexed, not skipped.
        assert!(!stderr.contains("skipped seeds/locked.txt"), "{stderr}");
        assert_eq!(env.search(&["hemlig"]).total, 1);
        return;
    }
    assert!(stderr.contains("skipped seeds/locked.txt: unreadable file"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// Incremental updates

/// Every stored record (by path) and the facet counts of every facet field, read through the
/// library: what "the same index" means for `--update`.
type Fingerprint = (usize, Vec<Document>, Vec<(Facet, Vec<(String, u64)>)>);

fn fingerprint(env: &Env) -> Fingerprint {
    let index = projsok::search::Engine::open(&env.join("index")).unwrap();
    let request = Request {
        limit: 10_000,
        snippets: false,
        facet_fields: Facet::ALL.to_vec(),
        ..Request::default()
    };
    let results = projsok::search::search(&index, &Synonyms::built_in(), &request).unwrap();
    let mut docs: Vec<Document> = results.hits.into_iter().map(|hit| hit.doc).collect();
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    (results.total, docs, results.facets)
}

#[test]
fn update_equals_a_full_rebuild() {
    let env = Env::with_seeds();
    write_synthetic(&env.join("seeds/more"), 40);
    env.ok(&["index", "seeds"]);
    assert_eq!(total(&env), 45);

    // Change two files, add three, remove two (one seed, one synthetic), and make one empty.
    let seed = env.join(S002);
    let text = fs::read_to_string(&seed).unwrap();
    fs::write(
        &seed,
        text.replacen("Sammanfattning\n\n", "Sammanfattning\n\nBlåbärssoppan serveras. ", 1),
    )
    .unwrap();
    fs::write(env.join("seeds/more/page00003.txt"), synthetic_page(1003)).unwrap();
    for n in [2000, 2001, 2002] {
        fs::write(env.join(&format!("seeds/more/new{n}.txt")), synthetic_page(n)).unwrap();
    }
    fs::remove_file(env.join(S004)).unwrap();
    fs::remove_file(env.join("seeds/more/page00010.txt")).unwrap();
    fs::write(env.join("seeds/more/page00011.txt"), "").unwrap();

    let stderr = env.run(&["index", "seeds", "--update"]).stderr;
    let stderr = String::from_utf8_lossy(&stderr).to_string();
    assert!(
        stderr.contains("updated: 3 added, 2 changed, 3 removed, 40 unchanged (46 seen, 1 skipped: 1 empty file)"),
        "{stderr}"
    );
    let updated = fingerprint(&env);
    assert_eq!(updated.0, 45);
    assert_eq!(paths(&env.search(&["blåbärssoppan"])), [S002]);
    assert_eq!(updated.1.iter().filter(|doc| doc.path == S004).count(), 0);

    env.ok(&["index", "seeds", "--rebuild"]);
    assert_eq!(fingerprint(&env), updated);

    // Nothing changed: nothing to do.
    let stderr =
        String::from_utf8_lossy(&env.run(&["index", "seeds", "--update"]).stderr).to_string();
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 45 unchanged"), "{stderr}");
    assert_eq!(fingerprint(&env), updated);
}

#[test]
fn update_without_an_index_builds_one_and_refuses_rebuild_too() {
    let env = Env::with_seeds();
    let stderr =
        String::from_utf8_lossy(&env.run(&["index", "seeds", "--update"]).stderr).to_string();
    assert!(stderr.starts_with("projsok: index/ holds no index to update; building a new one\n"));
    assert_eq!(total(&env), 5);
    env.fails(&["index", "seeds", "--update", "--rebuild"], 2);
    let stderr = env.fails(&["index", "seeds", "--update", "--no-compounds"], 2);
    assert_eq!(
        stderr.trim_end(),
        "projsok: --no-compounds: the index was built with compound parts; rebuild to change that"
    );
    // An index without them keeps that, with the flag or without it.
    env.ok(&["index", "seeds", "--no-compounds"]);
    fs::write(env.join("seeds/ny.md"), "# Ny om matchning\n").unwrap();
    env.ok(&["index", "seeds", "--update"]);
    env.ok(&["index", "seeds", "--update", "--no-compounds"]);
    assert_eq!(total(&env), 6);
    let info = env.ok(&["info", "--json"]);
    assert!(info.contains("\"compounds\":false"), "{info}");
}

// ---------------------------------------------------------------------------------------------
// Interrupted and concurrent runs

/// SIGKILLs `projsok index` at several moments of a run over a thousand documents; after each
/// kill the previous index answers with its old count, no lock is left behind and the next
/// run succeeds. While a run is under way, searches answer from the last committed index and
/// a second run fails at once.
#[test]
fn killed_runs_leave_the_previous_index_searchable() {
    let env = Env::indexed();
    write_synthetic(&env.join("big"), 1000);
    assert_eq!(total(&env), 5);

    enum When {
        After(u64),
        Progress(usize),
    }
    let moments = [
        When::After(50),
        When::After(200),
        When::After(500),
        When::Progress(1),
        When::Progress(5),
        When::Progress(10),
    ];
    let mut killed_mid_run = 0;
    for (round, when) in moments.iter().enumerate() {
        let running = Running::start(&env, &["index", "big"], &[]);
        let alive = match when {
            When::After(ms) => {
                std::thread::sleep(Duration::from_millis(*ms));
                true
            }
            When::Progress(n) => running.await_progress(*n),
        };
        if alive && round == 3 {
            // Under way: searches answer from the committed index; a second run fails at once.
            assert_eq!(total(&env), 5);
            let started = Instant::now();
            for args in [&["index", "seeds"][..], &["index", "seeds", "--update"]] {
                let stderr = env.fails(args, 3);
                assert!(stderr.contains("index is being written by another process"), "{stderr}");
            }
            assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
        }
        let killed = running.kill();
        let now = total(&env);
        if killed && now == 5 {
            killed_mid_run += 1;
        } else {
            // The run finished (or was killed after swapping in the new index): then the new
            // index is whole.
            assert_eq!(now, 1000, "round {round}, killed: {killed}");
        }
        assert_lock_free(&env);
        env.ok(&["index", "seeds"]);
        assert_eq!(total(&env), 5);
        assert_eq!(generations(&env), 1, "stale generations are removed by the next run");
    }
    // A fast (release) build may finish before the later delays; the early kills always land.
    assert!(killed_mid_run >= 3, "only {killed_mid_run} kills landed during a run");

    // Killed updates leave the last commit.
    for when in [When::After(300), When::Progress(2), When::Progress(10)] {
        let running = Running::start(&env, &["index", "big", "--update"], &[]);
        if let When::Progress(n) = when {
            if running.await_progress(n) && n == 2 {
                // An update under way: searches still see the last commit.
                assert_eq!(total(&env), 5);
            }
        } else if let When::After(ms) = when {
            std::thread::sleep(Duration::from_millis(ms));
        }
        // A kill can land after tantivy's commit and before the process exits: then the update
        // is whole. Never anything in between.
        let killed = running.kill();
        let now = total(&env);
        // The seeds' files are still there: an update of big/ keeps them.
        assert!(now == 1005 || (killed && now == 5), "killed: {killed}, total: {now}");
        assert_lock_free(&env);
        if now == 1005 {
            env.ok(&["index", "seeds"]);
        }
    }
    let stderr =
        String::from_utf8_lossy(&env.run(&["index", "big", "--update"]).stderr).to_string();
    assert!(stderr.contains("updated: 1 000 added, 0 changed, 0 removed, 0 unchanged"), "{stderr}");
    assert!(
        stderr.contains("kept 5 documents whose files are outside the paths given"),
        "{stderr}"
    );
    assert_eq!(total(&env), 1005);
    assert_eq!(generations(&env), 1);
}

/// Debug builds abort at named points inside the commit (see `index::writer`): a kill at the
/// worst moments, deterministically.
#[test]
fn aborts_inside_the_commit_leave_a_searchable_index() {
    if !cfg!(debug_assertions) {
        eprintln!("failpoints exist in debug builds only; skipped");
        return;
    }
    let env = Env::indexed();
    fs::create_dir(env.join("four")).unwrap();
    for seed in [S000, S001, S002, S003] {
        let name = Path::new(seed).file_name().unwrap();
        fs::copy(env.join(seed), env.join("four").join(name)).unwrap();
    }
    // (failpoint, command, documents a search sees after the abort)
    let cases: [(&str, &[&str], usize); 6] = [
        ("before-commit", &["index", "four"], 5),
        ("after-commit", &["index", "four"], 5),
        ("after-meta", &["index", "four"], 5),
        ("after-swap", &["index", "four"], 4),
        ("before-commit", &["index", "four", "--update"], 5),
        // The seeds' files are there: the update adds four/ and keeps them.
        ("after-commit", &["index", "four", "--update"], 9),
    ];
    for (point, args, sees) in cases {
        {
            env.ok(&["index", "seeds"]);
            let mut running = Running::start(&env, args, &[("PROJSOK_FAILPOINT", point)]);
            let status = running.child.wait().unwrap();
            assert!(!status.success(), "{args:?} at {point} should abort");
            assert_eq!(total(&env), sees, "{args:?} aborted at {point}");
            // Stored records load too, not only counts.
            let first = env.search(&[""]).hits[0].path.clone();
            assert_eq!(env.show(&first).path, first);
            assert_lock_free(&env);
        }
    }
    env.ok(&["index", "four"]);
    assert_eq!(total(&env), 4);
    assert_eq!(generations(&env), 1);
}

/// A run killed inside tantivy's commit leaves the files the commit wrote, a segment's deletions
/// among them, while meta.json still names the last commit. The next update reaches the same
/// opstamp and so the same file name for those deletions: it must not trip over the leftover.
#[test]
fn an_update_after_one_killed_inside_the_commit_works() {
    let env = Env::indexed();
    let generation = live_generation(&env);
    // tantivy lists every file it writes in .managed.json before writing it, and replaces
    // meta.json last.
    let commit_files = ["meta.json", "projsok.json"];
    let before: Vec<Vec<u8>> =
        commit_files.iter().map(|name| fs::read(generation.join(name)).unwrap()).collect();
    let changed = format!("{}\nÄndrad.\n", fs::read_to_string(env.join(S003)).unwrap());
    fs::write(env.join(S003), changed).unwrap();
    env.ok(&["index", "seeds", "--update"]);
    // Undo the commit but keep what it wrote: the state a kill inside the commit leaves.
    for (name, bytes) in commit_files.iter().zip(&before) {
        fs::write(generation.join(name), bytes).unwrap();
    }
    assert_eq!(total(&env), 5);
    let stderr =
        String::from_utf8_lossy(&env.run(&["index", "seeds", "--update"]).stderr).to_string();
    assert!(stderr.contains("updated: 0 added, 1 changed, 0 removed, 4 unchanged"), "{stderr}");
    assert_eq!(total(&env), 5);
    assert!(env.search(&["ändrad"]).hits.iter().any(|hit| hit.path == S003));
}

#[test]
fn a_held_lock_fails_the_second_writer_at_once() {
    let env = Env::indexed();
    let lock = File::options().write(true).open(env.join("index/write.lock")).unwrap();
    lock.try_lock().unwrap();
    for args in [&["index", "seeds"][..], &["index", "seeds", "--update"]] {
        let stderr = env.fails(args, 3);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("index is being written by another process"), "{stderr}");
    }
    // Readers do not need the lock.
    assert_eq!(total(&env), 5);
    drop(lock);
    env.ok(&["index", "seeds"]);
}

// ---------------------------------------------------------------------------------------------
// Damaged and outdated indexes

fn live_generation(env: &Env) -> std::path::PathBuf {
    let name = fs::read_to_string(env.join("index/CURRENT")).unwrap();
    env.join("index").join(name.trim())
}

#[test]
fn outdated_and_damaged_indexes_ask_for_a_rebuild() {
    let env = Env::indexed();
    let meta = live_generation(&env).join("projsok.json");
    let original = fs::read_to_string(&meta).unwrap();

    let current = format!("\"schema_version\": {}", projsok::index::schema::SCHEMA_VERSION);
    let older = original.replace(&current, "\"schema_version\": 0");
    assert_ne!(older, original);
    for text in [older.as_str(), "{\"schema_version\": 99, \"new_field\": []}", "garbage{"] {
        fs::write(&meta, text).unwrap();
        for args in [&["search", "x"][..], &["show", S000], &["index", "seeds", "--update"]] {
            let stderr = env.fails(args, 3);
            assert!(stderr.contains("rebuild with: projsok index FOLDER..."), "{text}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
        }
    }
    let stderr = env.fails(&["search", "x"], 3);
    assert!(stderr.contains("projsok.json is damaged"), "{stderr}");
    fs::write(&meta, older).unwrap();
    assert!(env.fails(&["search", "x"], 3).contains("schema version 0 but this projsok reads"));

    // The advice works.
    env.ok(&["index", "--rebuild", "seeds"]);
    assert_eq!(total(&env), 5);

    // CURRENT naming a generation that is not there, or nothing sensible.
    for current in ["gen-does-not-exist", "", "../elsewhere", "\u{0}\u{1}"] {
        fs::write(env.join("index/CURRENT"), current).unwrap();
        let stderr = env.fails(&["search", "x"], 3);
        assert!(stderr.contains("rebuild with: projsok index FOLDER..."), "{current:?}: {stderr}");
    }
    // A rebuild repairs it.
    env.ok(&["index", "seeds"]);
    assert_eq!(total(&env), 5);

    // tantivy's own files damaged.
    fs::write(live_generation(&env).join("meta.json"), "{").unwrap();
    let stderr = env.fails(&["search", "x"], 3);
    assert!(stderr.contains("rebuild with"), "{stderr}");
    env.ok(&["index", "seeds"]);
}

// ---------------------------------------------------------------------------------------------
// Bad queries and arguments

#[test]
fn bad_queries_get_one_line_errors_or_sensible_answers() {
    let env = Env::indexed();
    let long = "företagande ".repeat(900);
    let control = "socialt\u{1}företagande";
    // (query, exit code)
    let cases: [(&str, i32); 30] = [
        ("\"socialt företagande", 2),
        ("(socialt OR företagande", 2),
        ("socialt) företagande", 2),
        ("\"", 2),
        ("()", 2),
        ("nofield:x", 2),
        ("titel:", 2),
        (":", 2),
        ("AND", 2),
        ("OR OR", 2),
        ("a AND", 2),
        ("NOT", 2),
        ("^2", 2),
        ("\\", 2),
        (long.as_str(), 2),
        (control, 2),
        ("grant:[1 TO x]", 2),
        ("region:*", 2),
        ("IN [a b]", 2),
        ("*", 0),
        ("-företagande", 0),
        ("&& ||", 0),
        ("start:{* TO *}", 0),
        ("start:[* TO 2009]", 0),
        ("\"\"", 0),
        ("företagande~", 0),
        ("och", 0),
        ("region:nowhere", 0),
        // A sign alone is punctuation, as between words ("Kiruna – Umeå").
        ("-", 0),
        ("+", 0),
    ];
    for (query, code) in cases {
        let stderr = if code == 0 {
            let output = env.run(&["search", "--json", query]);
            let stderr = String::from_utf8_lossy(&output.stderr).to_string();
            assert!(output.status.success(), "{query:?}: {stderr}");
            wire::decode::<Search>(&output.stdout);
            stderr
        } else {
            let stderr = env.fails(&["search", query], code);
            assert_eq!(stderr.lines().count(), 1, "{query:?}: {stderr}");
            assert!(stderr.starts_with("projsok: "), "{query:?}: {stderr}");
            stderr
        };
        assert!(!stderr.contains("panicked"), "{query:?}: {stderr}");
    }
    assert!(env.fails(&["search", &long], 2).contains("longer than 2000 characters"));
    assert!(env.fails(&["search", control], 2).contains("control characters"));
    assert_eq!(env.search(&["-företagande"]).total, env.search(&["--", "-företagande"]).total);
}

#[test]
fn paging_and_limits() {
    let env = Env::indexed();
    let all = env.search(&[""]);
    assert_eq!(all.total, 5);

    let past_end = env.search(&["", "--offset", "100"]);
    assert_eq!((past_end.total, past_end.hits.len()), (5, 0));
    assert_eq!(past_end.facets, all.facets);
    let far = env.search(&["", "--offset", "18446744073709551615"]);
    assert_eq!((far.total, far.hits.len()), (5, 0));
    let human = env.ok(&["search", "", "--offset", "100"]);
    assert!(human.starts_with("5 matching documents\n"), "{human}");

    let none = env.search(&["", "--limit", "0"]);
    assert_eq!((none.total, none.hits.len()), (5, 0));
    assert_eq!(none.facets, all.facets);

    let stderr = env.fails(&["search", "", "--limit", "1000000"], 2);
    assert!(stderr.contains("--limit: 1000000 is more than 10000; page with --offset"), "{stderr}");
    assert_eq!(env.search(&["", "--limit", "10000"]).hits.len(), 5);
    for bad in ["-1", "ten", "99999999999999999999999"] {
        env.fails(&["search", "", "--limit", bad], 2);
    }
}

#[test]
fn exit_codes() {
    let env = Env::indexed();
    // 0: hits, or no hits without --fail-empty.
    env.ok(&["search", "företagande"]);
    env.ok(&["search", "zzzyyyxxx"]);
    // Unknown facet values: a warning and no hits, exit 0 (1 with --fail-empty).
    let output = env.run(&["search", "--json", "--region", "Atlantis"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no document has region \"Atlantis\""));
    let result: Search = wire::decode(&output.stdout);
    assert_eq!(result.total, 0);
    // 1: no hits with --fail-empty.
    env.fails(&["search", "zzzyyyxxx", "--fail-empty"], 1);
    env.fails(&["search", "--region", "Atlantis", "--fail-empty"], 1);
    // 2: usage and input errors, clap's own included.
    env.fails(&["search", "(unbalanced"], 2);
    env.fails(&["search", "--no-such-flag"], 2);
    env.fails(&["search", "--from-year", "2012", "--to-year", "2010"], 2);
    env.fails(&["search", "--region", " "], 2);
    env.fails(&["show", "seeds/not-indexed.txt"], 2);
    env.fails(&["index", "no-such-folder"], 2);
    env.fails(&["search", "x", "--synonyms", "no-such-file.txt"], 2);
    // 3: index problems.
    env.fails(&["search", "x", "--index", "no-index-here"], 3);
    env.fails(&["show", S000, "--index", "no-index-here"], 3);
}

// ---------------------------------------------------------------------------------------------
// The server through rebuilds and updates

/// Resident memory of a process in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|line| line.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Makes `pages/` hold exactly `count` synthetic pages.
fn set_pages(env: &Env, count: usize) {
    let dir = env.join("pages");
    write_synthetic(&dir, count);
    for entry in fs::read_dir(&dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let number: usize = name["page".len()..name.len() - ".txt".len()].parse().unwrap();
        if number >= count {
            fs::remove_file(entry.path()).unwrap();
        }
    }
}

/// The soak: 20 clients keep searching a running server while the index is rebuilt 10 times
/// and updated 10 times. No request fails, the request after each commit sees its total, and
/// the server's memory comes back (each replaced generation is let go).
#[cfg(target_os = "linux")]
#[test]
fn twenty_clients_search_through_ten_rebuilds_and_ten_updates() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};

    const CLIENTS: usize = 20;
    // Each client's pause between requests. With 10 ms, twenty clients kept twenty requests
    // running on a debug server, whose blocking threads then outnumbered the indexing run's
    // three on a two-core machine: the 20 runs took 40 s of the soak's 45 (2 s each; 0.3 s
    // alone). With 50 ms about ten requests are still in flight at any time.
    const PAUSE_MS: u64 = 50;
    const PAGES: [usize; 4] = [10, 16, 6, 12];
    let env = Env::with_seeds();
    set_pages(&env, PAGES[0]);
    env.ok(&["index", "seeds", "pages"]);
    let served = crate::webutil::Served::start_in(env, &[], &[]);
    let totals: Vec<usize> = PAGES.iter().map(|pages| 5 + pages).collect();
    let stop = Arc::new(AtomicBool::new(false));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let latencies = Arc::new(Mutex::new(Vec::<Duration>::new()));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (stop, failures, latencies) = (stop.clone(), failures.clone(), latencies.clone());
            let totals = totals.clone();
            let queries = ["", "socialt", "matchning", "projekt"];
            let base = served.base.clone();
            std::thread::spawn(move || {
                let agent = crate::webutil::agent();
                let mut n = client;
                while !stop.load(Ordering::Relaxed) {
                    let url = format!("{base}/api/search?q={}&limit=3", queries[n % 4]);
                    let started = Instant::now();
                    let (status, _, body) = crate::webutil::get(&agent, &url);
                    latencies.lock().unwrap().push(started.elapsed());
                    let answer = serde_json::from_str::<Search>(&body);
                    let fine = match (status, answer) {
                        (200, Ok(search)) => n % 4 != 0 || totals.contains(&search.total),
                        _ => false,
                    };
                    if !fine {
                        failures.lock().unwrap().push(format!("{url}: {status} {body}"));
                    }
                    n += 1;
                    std::thread::sleep(Duration::from_millis(PAUSE_MS));
                }
            })
        })
        .collect();
    let agent = crate::webutil::agent();
    let everything = served.url("/api/search?limit=0");
    let total_now = || {
        let (status, _, body) = crate::webutil::get(&agent, &everything);
        assert_eq!(status, 200, "{body}");
        wire::decode::<Search>(&body).total
    };
    assert_eq!(total_now(), totals[0]);
    // Warm: the RSS before is measured after a reopened index and a second of the crowd (taken
    // cold, it was a third below what the server then keeps).
    served.env.ok(&["index", "seeds", "pages"]);
    assert_eq!(total_now(), totals[0]);
    std::thread::sleep(Duration::from_secs(1));
    let rss_before = rss_kib(served.pid());
    let started = Instant::now();
    let mut indexing = Duration::ZERO;
    for step in 1..=20 {
        let which = step % PAGES.len();
        set_pages(&served.env, PAGES[which]);
        let run = Instant::now();
        if step % 2 == 0 {
            served.env.ok(&["index", "seeds", "pages"]);
        } else {
            served.env.ok(&["index", "--update", "seeds", "pages"]);
        }
        indexing += run.elapsed();
        assert_eq!(total_now(), totals[which], "step {step}");
    }
    let churn = started.elapsed();
    std::thread::sleep(Duration::from_millis(500));
    let rss_after = rss_kib(served.pid());
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().unwrap();
    }
    let failures = failures.lock().unwrap();
    assert!(
        failures.is_empty(),
        "{} failed requests: {:#?}",
        failures.len(),
        &failures[..5.min(failures.len())]
    );
    let mut latencies = latencies.lock().unwrap();
    latencies.sort();
    let at = |share: f64| latencies[(latencies.len() as f64 * share) as usize].as_secs_f64() * 1e3;
    eprintln!(
        "soak: {} requests from {CLIENTS} clients in {:.1} s of 10 rebuilds and 10 updates \
         ({:.1} s in the indexing runs), 0 failed, p50 {:.1} ms, p99 {:.1} ms; RSS \
         {rss_before} → {rss_after} KiB",
        latencies.len(),
        churn.as_secs_f64(),
        indexing.as_secs_f64(),
        at(0.5),
        at(0.99)
    );
    assert!(latencies.len() > 500, "only {} requests", latencies.len());
    let growth = rss_after as f64 / rss_before as f64;
    assert!(growth < 1.2, "RSS grew from {rss_before} to {rss_after} KiB");
}

// ---------------------------------------------------------------------------------------------
// Data loss, stale updates, runaway inputs, links, full disks, other users (issue 14, 13)

/// Runs projsok in `env` with extra environment variables and, if given, bytes on stdin.
fn run_with(env: &Env, args: &[&str], extra_env: &[(&str, &str)], stdin: &[u8]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_projsok"));
    command
        .args(args)
        .current_dir(env.path())
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", env.join("no-config"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in extra_env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("start projsok");
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    // projsok may stop reading before the end; the broken pipe is expected then.
    let writer = std::thread::spawn(move || {
        let _ = std::io::Write::write_all(&mut input, &bytes);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn a_folder_that_is_not_an_index_is_refused_and_left_untouched() {
    let env = Env::with_seeds();
    fs::create_dir_all(env.join("u/gen-photos")).unwrap();
    fs::write(env.join("u/gen-photos/holiday.jpg"), "my photo").unwrap();
    fs::write(env.join("u/notes.txt"), "my notes").unwrap();
    let stderr = env.fails(&["index", "seeds", "--index", "u"], 2);
    assert_eq!(
        stderr,
        "projsok: --index u: the folder is not empty and holds no projsok index; nothing in it \
         was touched (name a new or empty folder)\n"
    );
    assert_eq!(names_in(&env.join("u")), ["gen-photos", "notes.txt"]);
    assert_eq!(names_in(&env.join("u/gen-photos")), ["holiday.jpg"]);
    assert_eq!(fs::read_to_string(env.join("u/gen-photos/holiday.jpg")).unwrap(), "my photo");
    fs::write(env.join("afile"), "x").unwrap();
    let stderr = env.fails(&["index", "seeds", "--index", "afile"], 2);
    assert_eq!(stderr, "projsok: --index afile: is a file, not an index folder\n");
    // A user's files that happen to be called CURRENT and GENERATIONS make no index.
    fs::create_dir(env.join("v")).unwrap();
    fs::write(env.join("v/CURRENT"), "my notes").unwrap();
    fs::write(env.join("v/GENERATIONS"), "gen-photos").unwrap();
    env.fails(&["index", "seeds", "--index", "v"], 2);
    assert_eq!(names_in(&env.join("v")), ["CURRENT", "GENERATIONS"]);
    assert_eq!(fs::read_to_string(env.join("v/CURRENT")).unwrap(), "my notes");
    // An empty folder is fine.
    fs::create_dir(env.join("empty")).unwrap();
    env.ok(&["index", "seeds", "--index", "empty"]);
    assert_eq!(env.search(&["--index", "empty", "", "--limit", "0"]).total, 5);
}

#[test]
fn only_generations_projsok_recorded_are_removed() {
    let env = Env::indexed();
    // A user's folder that looks like a generation, inside a real index.
    fs::create_dir(env.join("index/gen-mine")).unwrap();
    fs::write(env.join("index/gen-mine/keep.txt"), "mine").unwrap();
    env.ok(&["index", "seeds"]);
    env.ok(&["index", "seeds", "--update"]);
    assert_eq!(fs::read_to_string(env.join("index/gen-mine/keep.txt")).unwrap(), "mine");
    let live = fs::read_to_string(env.join("index/CURRENT")).unwrap();
    assert_eq!(fs::read_to_string(env.join("index/GENERATIONS")).unwrap(), format!("{live}\n"));
    assert_eq!(generations(&env), 2);
    let live_dir = live_generation(&env);
    env.ok(&["index", "seeds"]);
    assert!(!live_dir.exists(), "the replaced generation is removed");
    assert_eq!(generations(&env), 2);

    if cfg!(debug_assertions) {
        // A killed rebuild's generation is recorded and marked: the next run removes it.
        let mut running =
            Running::start(&env, &["index", "seeds"], &[("PROJSOK_FAILPOINT", "after-meta")]);
        assert!(!running.child.wait().unwrap().success());
        assert_eq!(generations(&env), 3);
        env.ok(&["index", "seeds"]);
        assert_eq!(generations(&env), 2);
    }
    let mut left = names_in(&env.join("index"));
    left.retain(|name| name.starts_with("gen-") && name != "gen-mine");
    assert_eq!(left, [fs::read_to_string(env.join("index/CURRENT")).unwrap()]);
}

#[test]
fn a_generation_killed_while_writing_its_marker_is_removed() {
    let env = Env::indexed();
    let index = env.join("index");
    let live = fs::read_to_string(index.join("CURRENT")).unwrap();
    // Killed between creating the marker's temporary file and renaming it: the file holds
    // the generation's name, whole or cut short.
    let cut = ["gen-1-1", "gen-2-2"];
    fs::create_dir(index.join(cut[0])).unwrap();
    fs::write(index.join(cut[0]).join("projsok-generation.tmp"), "gen-1").unwrap();
    fs::create_dir(index.join(cut[1])).unwrap();
    fs::write(index.join(cut[1]).join("projsok-generation.tmp"), "").unwrap();
    // The same shape with anything else in it is nobody's proof: kept.
    let kept = ["gen-3-3", "gen-4-4"];
    fs::create_dir(index.join(kept[0])).unwrap();
    fs::write(index.join(kept[0]).join("projsok-generation.tmp"), "photos").unwrap();
    fs::create_dir(index.join(kept[1])).unwrap();
    fs::write(index.join(kept[1]).join("projsok-generation.tmp"), "gen-4").unwrap();
    fs::write(index.join(kept[1]).join("notes.txt"), "mine").unwrap();
    let record = [live.as_str(), cut[0], cut[1], kept[0], kept[1]].join("\n");
    fs::write(index.join("GENERATIONS"), record + "\n").unwrap();

    env.ok(&["index", "seeds", "--update"]);
    assert!(!index.join(cut[0]).exists() && !index.join(cut[1]).exists());
    assert_eq!(
        fs::read_to_string(index.join(kept[0]).join("projsok-generation.tmp")).unwrap(),
        "photos"
    );
    assert_eq!(fs::read_to_string(index.join(kept[1]).join("notes.txt")).unwrap(), "mine");
    let recorded = fs::read_to_string(index.join("GENERATIONS")).unwrap();
    assert_eq!(recorded, format!("{live}\n{}\n{}\n", kept[0], kept[1]));
}

#[test]
fn an_index_of_the_layout_before_the_record_still_works() {
    let env = Env::indexed();
    // What the earlier layout left: no record, no marker.
    let old = live_generation(&env);
    fs::remove_file(env.join("index/GENERATIONS")).unwrap();
    fs::remove_file(old.join("projsok-generation")).unwrap();
    assert_eq!(total(&env), 5);
    fs::write(env.join("seeds/new.txt"), "Nytt projekt\n\nOm kooperativ.\n").unwrap();
    let stderr = stderr_of(&env.run(&["index", "seeds", "--update"]));
    assert!(stderr.contains("updated: 1 added, 0 changed, 0 removed, 5 unchanged"), "{stderr}");
    let output = env.run(&["index", "seeds"]);
    assert!(output.status.success());
    assert_eq!(
        stderr_of(&output).lines().next().unwrap(),
        format!(
            "projsok: left {} in place: it was written before projsok recorded the generations \
             it makes, so projsok cannot prove it is its own; remove it by hand",
            Path::new("index").join(old.file_name().unwrap()).display()
        )
    );
    assert!(old.join("meta.json").is_file());
    assert_eq!(total(&env), 6);
}

#[test]
fn the_index_folder_is_never_indexed() {
    let env = Env::with_seeds();
    // Inside the walked folder, built twice so that the second walk meets a whole index.
    env.ok(&["index", "seeds", "--index", "seeds/idx"]);
    let stderr = stderr_of(&env.run(&["index", "seeds", "--index", "seeds/idx"]));
    assert!(stderr.contains("indexed 5 documents (5 seen, 0 skipped)"), "{stderr}");
    // Equal to it, and through another spelling.
    for root in ["seeds/idx", "./seeds/../seeds/idx/", "seeds/idx/CURRENT"] {
        let stderr = env.fails(&["index", root, "--index", "seeds/idx"], 2);
        assert_eq!(
            stderr,
            format!(
                "projsok: {root}: is the index folder seeds/idx or inside it; projsok does not \
                 index its own files\n"
            )
        );
    }
    // Through a followed link.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("idx", env.join("seeds/idx-link")).unwrap();
        let stderr = stderr_of(&env.run(&["index", "seeds", "--index", "seeds/idx", "--follow"]));
        assert!(stderr.contains("indexed 5 documents (5 seen, 0 skipped)"), "{stderr}");
    }
    assert_eq!(env.search(&["--index", "seeds/idx", "", "--limit", "0"]).total, 5);
}

#[cfg(unix)]
#[test]
fn update_sees_a_rewrite_that_keeps_size_and_modification_time() {
    let env = Env::indexed();
    let path = env.join(S003);
    let text = fs::read_to_string(&path).unwrap();
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    // Same length, same mtime (as `touch -r` leaves it), other words.
    let rewritten = text.replacen("INTRO", "OTNIR", 1);
    assert_eq!(rewritten.len(), text.len());
    fs::write(&path, &rewritten).unwrap();
    File::options().write(true).open(&path).unwrap().set_modified(modified).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
    let stderr = stderr_of(&env.run(&["index", "seeds", "--update"]));
    assert!(stderr.contains("updated: 0 added, 1 changed, 0 removed, 4 unchanged"), "{stderr}");
    assert_eq!(paths(&env.search(&["titel:otnir"])), [S003]);
    // --verify reads every file; nothing changed since, so nothing is written.
    let stderr = stderr_of(&env.run(&["index", "seeds", "--update", "--verify"]));
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 5 unchanged"), "{stderr}");
    let stderr = env.fails(&["index", "seeds", "--verify"], 2);
    assert!(stderr.contains("--update"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn synonyms_that_are_not_a_regular_file_or_too_large_are_refused() {
    let env = Env::indexed();
    let stderr = env.fails(&["search", "sfi", "--synonyms", "/dev/zero"], 2);
    assert_eq!(stderr, "projsok: --synonyms: /dev/zero: not a regular file (a character device)\n");
    let made = Command::new("mkfifo").arg(env.join("pipe")).status().unwrap();
    assert!(made.success());
    let stderr = env.fails(&["search", "sfi", "--synonyms", "pipe"], 2);
    assert_eq!(stderr, "projsok: --synonyms: pipe: not a regular file (a FIFO)\n");
    fs::write(env.join("huge.txt"), vec![b'a'; (1 << 20) + 1]).unwrap();
    let stderr = env.fails(&["search", "sfi", "--synonyms", "huge.txt"], 2);
    assert_eq!(
        stderr,
        "projsok: --synonyms: huge.txt: over 1 MiB, the most a synonyms table may hold\n"
    );
    // Documents: a device named on the command line and a FIFO in a folder are skipped.
    let made = Command::new("mkfifo").arg(env.join("seeds/pipe.txt")).status().unwrap();
    assert!(made.success());
    let stderr = stderr_of(&env.run(&["index", "seeds", "/dev/zero"]));
    let mut skipped = skipped_lines(&stderr);
    skipped.sort();
    assert_eq!(
        skipped,
        [
            ("/dev/zero".to_string(), "not a regular file".to_string()),
            ("seeds/pipe.txt".to_string(), "not a regular file".to_string())
        ]
    );
    assert!(stderr.contains("projsok: skipped seeds/pipe.txt: not a regular file (a FIFO)\n"));
    assert!(stderr.contains("indexed 5 documents (7 seen, 2 skipped: 2 not regular files)"));
}

#[test]
fn similar_reads_at_most_a_mebibyte_of_pasted_text() {
    let env = Env::indexed();
    let too_much = "kooperativ ".repeat((1 << 20) / 11 + 1);
    let output = run_with(&env, &["similar", "-"], &[], too_much.as_bytes());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr_of(&output),
        "projsok: standard input: more than 1 MiB of text; similar reads at most that much \
         (pass a part of it)\n"
    );
    // Under the limit, standard input answers as the same text given with --text.
    let text = fs::read_to_string(env.join(S003)).unwrap();
    let output = run_with(&env, &["similar", "-", "--json"], &[], text.as_bytes());
    assert!(output.status.success(), "{}", stderr_of(&output));
    let from_argument = env.ok(&["similar", "--text", &text, "--json"]);
    assert_eq!(String::from_utf8(output.stdout).unwrap(), from_argument);
    let similar: serde_json::Value = serde_json::from_str(&from_argument).unwrap();
    assert_eq!(similar["hits"][0]["path"], S001);
}

#[cfg(unix)]
#[test]
fn links_are_followed_only_with_follow() {
    use std::os::unix::fs::symlink;
    let env = Env::with_seeds();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "Hemlig nyckel\n\nLösenord för kooperativ.\n")
        .unwrap();
    symlink(outside.path(), env.join("seeds/out")).unwrap();
    symlink(outside.path().join("secret.txt"), env.join("seeds/secret.txt")).unwrap();
    let stderr = stderr_of(&env.run(&["index", "seeds"]));
    assert!(
        stderr.contains(&format!(
            "projsok: skipped seeds/secret.txt: symlink not followed (to {}; --follow follows \
             links)\n",
            outside.path().join("secret.txt").display()
        )),
        "{stderr}"
    );
    let mut skipped = skipped_lines(&stderr);
    skipped.sort();
    let not_followed = "symlink not followed".to_string();
    assert_eq!(
        skipped,
        [
            ("seeds/out".to_string(), not_followed.clone()),
            ("seeds/secret.txt".into(), not_followed)
        ]
    );
    assert!(stderr.contains("indexed 5 documents (7 seen, 2 skipped: 2 symlinks not followed)"));
    // As typed: an absent word is otherwise corrected to a word the seeds have.
    assert_eq!(env.search(&["hemlig", "--exact"]).total, 0);

    let stderr = stderr_of(&env.run(&["index", "seeds", "--follow"]));
    assert!(stderr.contains("indexed 6 documents (7 seen, 1 skipped: 1 duplicate)"), "{stderr}");
    assert_eq!(paths(&env.search(&["hemlig"])), ["seeds/secret.txt"]);

    // A link named on the command line is followed.
    env.ok(&["index", "seeds/out"]);
    assert_eq!(paths(&env.search(&["hemlig"])), ["seeds/out/secret.txt"]);
}

/// The files of a folder with their sizes, sorted by name.
fn files_and_sizes(dir: &Path) -> Vec<(String, u64)> {
    let mut files: Vec<(String, u64)> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (entry.file_name().to_string_lossy().to_string(), entry.metadata().unwrap().len())
        })
        .collect();
    files.sort();
    files
}

/// A full disk, injected: one line, exit 3, the partial generation gone, the index as it was,
/// and a failed update's segment files removed from the live generation again.
#[test]
fn a_full_disk_is_one_message_and_leaves_the_previous_index() {
    if !cfg!(debug_assertions) {
        eprintln!("failpoints exist in debug builds only; skipped");
        return;
    }
    let full = [("PROJSOK_FAILPOINT", "disk-full")];
    let env = Env::with_seeds();
    let mount = |stderr: &str, outcome: &str| {
        let line = stderr.strip_suffix(&format!(" while writing index; {outcome}\n"));
        let device = line.and_then(|line| line.strip_prefix("projsok: no space left on "));
        let device = device.unwrap_or_else(|| panic!("not the full-disk line:\n{stderr}"));
        let canonical = fs::canonicalize(env.path()).unwrap();
        assert!(canonical.starts_with(device), "{device} holds {}", canonical.display());
    };
    // No index yet.
    let output = run_with(&env, &["index", "seeds"], &full, b"");
    assert_eq!(output.status.code(), Some(3));
    mount(&stderr_of(&output), "no index was written");
    assert_eq!(generations(&env), 0);

    env.ok(&["index", "seeds"]);
    let live = fs::read_to_string(env.join("index/CURRENT")).unwrap();
    let generation = env.join("index").join(&live);
    let files = files_and_sizes(&generation);
    let bytes = |files: &[(String, u64)]| files.iter().map(|(_, size)| size).sum::<u64>();
    fs::write(env.join("seeds/new.txt"), "Nytt projekt\n\nOm kooperativ.\n").unwrap();
    for args in [&["index", "seeds"][..], &["index", "seeds", "--update"]] {
        let output = run_with(&env, args, &full, b"");
        assert_eq!(output.status.code(), Some(3), "{args:?}");
        mount(&stderr_of(&output), "the previous index is unchanged");
        assert_eq!(total(&env), 5, "{args:?}");
        assert_eq!(fs::read_to_string(env.join("index/CURRENT")).unwrap(), live);
        assert_eq!(names_in(&env.join("index")), ["CURRENT", "GENERATIONS", &live, "write.lock"]);
        assert_eq!(fs::read_to_string(env.join("index/GENERATIONS")).unwrap(), format!("{live}\n"));
        assert_eq!(files_and_sizes(&generation), files, "{args:?}");
        assert_eq!(bytes(&files_and_sizes(&generation)), bytes(&files));
    }
    // The update failed where a run killed there leaves its new segment's files: the clean-up
    // above had something to remove.
    let killed = run_with(
        &env,
        &["index", "seeds", "--update"],
        &[("PROJSOK_FAILPOINT", "after-segments")],
        b"",
    );
    assert_eq!(killed.status.code(), None, "aborted: {}", stderr_of(&killed));
    let left = files_and_sizes(&generation);
    let new: Vec<&str> = left
        .iter()
        .filter(|file| !files.contains(file))
        .map(|(name, _)| name.rsplit('.').next().unwrap())
        .collect();
    for extension in ["store", "idx", "term", "fast"] {
        assert!(new.contains(&extension), "no new .{extension} file: {left:?}");
    }
    assert_eq!(total(&env), 5);
    env.ok(&["index", "seeds", "--update"]);
    assert_eq!(total(&env), 6);
}

#[cfg(unix)]
#[test]
fn another_user_can_search_an_index_they_can_only_read() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::indexed();
    let generation = live_generation(&env);
    let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    // tantivy writes meta.json 0600; every file is made as the umask says, as CURRENT is.
    let made = mode(&env.join("index/CURRENT"));
    for name in names_in(&generation) {
        assert_eq!(mode(&generation.join(&name)), made, "{name}");
    }
    env.ok(&["index", "seeds", "--update"]);
    assert_eq!(mode(&generation.join("meta.json")), made);

    let chmod = |spec: &str| {
        let status = Command::new("chmod").args(["-R", spec]).arg(env.join("index")).status();
        assert!(status.unwrap().success());
    };
    chmod("a-w");
    assert_eq!(paths(&env.search(&["socialt företagande"])), [S003, S002]);
    assert_eq!(total(&env), 5);
    if is_root() {
        // chmod does not stop root: search as the user nobody, who may only read.
        set_mode(env.path(), 0o755);
        let output = Command::new("setpriv")
            .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_projsok"))
            .args(["search", "--json", "", "--limit", "0"])
            .current_dir(env.path())
            .env("NO_COLOR", "1")
            .env("XDG_CONFIG_HOME", env.join("no-config"))
            .output()
            .expect("setpriv runs");
        assert!(output.status.success(), "as nobody: {}", stderr_of(&output));
        let search: Search = wire::decode(&output.stdout);
        assert_eq!(search.total, 5);
    }
    chmod("u+w");
}

#[cfg(unix)]
#[test]
fn an_export_writes_into_a_fifo_and_never_through_a_planted_partial_link() {
    let env = Env::indexed();
    let current = std::fs::read(env.join("index/CURRENT")).unwrap();
    // A link planted where the export writes its partial file must not take the rows into
    // the index (it replaced CURRENT before).
    std::os::unix::fs::symlink("index/CURRENT", env.join("planted.csv.partial")).unwrap();
    let stderr = env.fails(&["export", "-o", "planted.csv"], 2);
    assert_eq!(stderr, "projsok: planted.csv: planted.csv.partial is in the way (left by an interrupted run, or not projsok's); remove it and run again\n");
    assert_eq!(std::fs::read(env.join("index/CURRENT")).unwrap(), current);
    // A FIFO is written to, not replaced by a regular file.
    let fifo = env.join("rows");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    env.ok(&["export", "--format", "ndjson", "-o", "rows"]);
    let rows = reader.join().unwrap();
    assert_eq!(String::from_utf8_lossy(&rows).lines().count(), 5);
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}
