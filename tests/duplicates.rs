//! Near-duplicates and versions end to end: ESF pages written here (not the seeds) with a
//! copy that differs in a sentence, a project on the same problem in other words, and a
//! Förprojektering followed by its Genomförande; `duplicates`, `--collapse` on search, similar
//! and export, `show`'s versions, and an `index --update` that changes, adds and deletes.

use std::fs;

use crate::common::wire::{self, Duplicates, Record, Search, Similar};
use crate::common::Env;

const COPY_A: &str = "esf/kvinnor-i-ydre.txt";
const COPY_B: &str = "esf/kvinnor-i-ydre-kopia.txt";
const OTHER: &str = "esf/jobb-for-utrikes-fodda-kvinnor.txt";
const PRE: &str = "esf/bygglaget-forprojektering.txt";
const MAIN: &str = "esf/bygglaget-genomforande.txt";

const BACKGROUND: &str = "\
I Ydre kommun står många utrikes födda kvinnor långt från arbetsmarknaden. Många har kort \
utbildning från hemlandet, små barn hemma och få kontakter med arbetsgivare i bygden. \
Kollektivtrafiken är gles, och den som saknar körkort når varken praktikplatser eller \
vuxenutbildningen i Tranås. Kommunens egen kartläggning visar att bara var fjärde kvinna som \
kommit som flykting de senaste fem åren har en anställning efter tre år i kommunen.";

const PURPOSE: &str = "\
Projektet ska korta vägen till arbete genom att kombinera svenska för invandrare med praktik \
hos lokala arbetsgivare inom vård, omsorg och livsmedel. Deltagarna får en handledare på \
arbetsplatsen, barnomsorg under kurstiden och stöd att ta körkort. Arbetsgivarna får \
utbildning i språkmedvetet handledarskap.";

const GOAL: &str = "\
Minst fyrtio kvinnor ska delta. Hälften ska efter projektet ha arbete eller studera, och \
tjugo arbetsgivare ska ha tagit emot praktikanter.";

const OTHER_BACKGROUND: &str = "\
Utrikes födda kvinnor i Jönköpings län har lägre sysselsättning än både män och inrikes \
födda kvinnor. Länsstyrelsens rapport pekar på bristande språkkunskaper, ett smalt kontaktnät \
och att föräldraledighet skjuter upp etableringen. Arbetsförmedlingens insatser når sällan \
den som inte är inskriven, och kommunernas vuxenutbildning är svår att förena med barn.";

const OTHER_PURPOSE: &str = "\
Syftet är att pröva en modell där studiecirklar på modersmålet leder över till yrkessvenska \
och arbetsträning, med mentorer som själva har utländsk bakgrund. Modellen sprids till \
länets alla kommuner.";

const BUILD_STUDY: &str = "\
Byggföretagen i Ydre och Aneby saknar snickare, betongarbetare och maskinförare, samtidigt som \
unga vuxna utan gymnasieexamen står utan arbete. Förprojekteringen ska kartlägga vilka \
företag som kan ta emot lärlingar, vilka utbildningar som finns inom pendlingsavstånd och hur \
en gemensam rekrytering kan organiseras.";

const BUILD_PLAN: &str = "\
Tjugo unga vuxna anställs som lärlingar i ett bygglag som arbetar på riktiga byggen hos fem \
företag. Varje lärling har en yrkesman som handledare och läser yrkesämnen på distans. Efter \
arton månader ska minst tolv ha yrkesbevis eller fast anställning.";

const REWRITE: &str = "\
Den nya ansökan beskriver ett annat upplägg: kvinnorna driver en gemensam cateringverksamhet \
med stöd av ett socialt företag, säljer luncher till kommunens förskolor och lär sig \
bokföring, hygienregler och kundkontakt på köpet. Verksamheten ska bära sig själv efter två \
år och anställa minst sex av deltagarna.";

fn page(title: &str, phase: &str, owner: &str, sections: &[(&str, &str)]) -> String {
    let mut text = format!(
        "Logotyp på utskrifter\n\n{title}\n\n\
         ProgramområdeProgramområde 2 Ökad övergång till arbete\n\
         Projektfas{phase}\n\
         Projektägare{owner}\n\
         KontaktpersonAnna Berg\n\
         E-postanna.berg@example.se\n\
         Telefonnummer0381123456\n\
         Beviljat ESF-stöd1 200 000 kr\n\
         Total projektbudget2 400 000 kr\n\
         Projektperiod2016-01-01 till 2017-12-31\n\
         RegionSmåland och öarna\n\n"
    );
    for (heading, body) in sections {
        text.push_str(&format!("{heading}\n\n{body}\n\n"));
    }
    text.push_str("Kommun\n\n • Ydre\n");
    text
}

fn write_pages(env: &Env) {
    let dir = env.join("esf");
    fs::create_dir_all(&dir).unwrap();
    let owner = "Ydre kommun";
    let copy = [("Bakgrund", BACKGROUND), ("Syfte", PURPOSE), ("Målsättning", GOAL)];
    fs::write(
        env.join(COPY_A),
        page("Vägar till arbete för kvinnor i Ydre", "Genomförande", owner, &copy),
    )
    .unwrap();
    // The copy a second programme period registered: more employers in the last sentence,
    // the rest as it was.
    let goal =
        GOAL.replace("och tjugo arbetsgivare", "och tjugofem arbetsgivare i Ydre och Boxholm");
    let changed = [("Bakgrund", BACKGROUND), ("Syfte", PURPOSE), ("Målsättning", goal.as_str())];
    fs::write(
        env.join(COPY_B),
        page("Vägar till arbete för kvinnor i Ydre", "Genomförande", owner, &changed),
    )
    .unwrap();
    let other = [("Bakgrund", OTHER_BACKGROUND), ("Syfte", OTHER_PURPOSE)];
    fs::write(
        env.join(OTHER),
        page(
            "Jobb för utrikes födda kvinnor i länet",
            "Genomförande",
            "Region Jönköpings län",
            &other,
        ),
    )
    .unwrap();
    let pre = [("Bakgrund", BUILD_STUDY)];
    fs::write(
        env.join(PRE),
        page("Förprojektering Bygglaget Ydre", "Förprojektering", owner, &pre),
    )
    .unwrap();
    let main = [("Syfte", BUILD_PLAN)];
    fs::write(env.join(MAIN), page("Bygglaget Ydre", "Genomförande", owner, &main)).unwrap();
}

fn indexed() -> Env {
    let env = Env::with_seeds();
    write_pages(&env);
    env.ok(&["index", "seeds", "esf"]);
    env
}

fn duplicates(env: &Env, args: &[&str]) -> Duplicates {
    let mut all = vec!["duplicates", "--json"];
    all.extend_from_slice(args);
    wire::decode(env.ok(&all))
}

fn members(found: &Duplicates) -> Vec<Vec<(String, f64)>> {
    found
        .clusters
        .iter()
        .map(|cluster| {
            cluster.members.iter().map(|member| (member.path.clone(), member.similarity)).collect()
        })
        .collect()
}

#[test]
fn the_copy_is_a_near_duplicate_and_the_project_in_other_words_is_not() {
    let env = indexed();
    let found = duplicates(&env, &[]);
    assert_eq!((found.total, found.documents), (1, 2));
    assert_eq!(members(&found), [[(COPY_B.to_string(), 1.0), (COPY_A.to_string(), 0.890625)]]);

    // A query picks the clusters with a matching document; the cluster is listed whole.
    assert_eq!(duplicates(&env, &["körkort"]).total, 1);
    assert_eq!(duplicates(&env, &["modersmålet"]).total, 0);
    assert_eq!(duplicates(&env, &["-r", "Stockholm"]).total, 0);

    let human = env.ok(&["duplicates"]);
    assert_eq!(
        human,
        format!(
            "1. 2 documents  similarity ≥ 0,89\n\
             \x20  1,00  Vägar till arbete för kvinnor i Ydre ({COPY_B})\n\
             \x20  0,89  Vägar till arbete för kvinnor i Ydre ({COPY_A})\n\n\
             1 cluster of near-duplicates, 2 documents\n"
        )
    );
    let csv = env.ok(&["duplicates", "--csv"]);
    assert_eq!(
        csv,
        format!(
            "cluster,size,path,title,similarity,matches\n\
             0,2,{COPY_B},Vägar till arbete för kvinnor i Ydre,1.0000,true\n\
             0,2,{COPY_A},Vägar till arbete för kvinnor i Ydre,0.8906,true\n"
        )
    );
}

#[test]
fn collapse_shows_one_document_per_cluster_and_counts_clusters() {
    let env = indexed();
    // Ydre kommun owns the two copies, the Förprojektering and the Genomförande.
    let owner = ["--owner", "Ydre kommun"];
    let plain: Search = env.search(&owner);
    let collapsed: Search = env.search(&[&owner[..], &["--collapse"]].concat());
    assert_eq!(plain.total, 4);
    assert_eq!((collapsed.total, collapsed.documents), (3, Some(4)));
    let listed: Vec<(&str, Option<Vec<String>>)> =
        collapsed.hits.iter().map(|hit| (hit.path.as_str(), hit.versions.clone())).collect();
    // A list by filters alone is in path order: the copy's name sorts before the original's.
    assert_eq!(
        listed,
        [(PRE, Some(vec![])), (MAIN, Some(vec![])), (COPY_B, Some(vec![COPY_A.to_string()])),]
    );
    // The facet counts count documents still.
    assert_eq!(collapsed.facets, plain.facets);
    // -c and -l count and list what the page shows.
    assert_eq!(env.ok(&[&["search", "--collapse", "-c"], &owner[..]].concat()), "3\n");
    let ids = env.ok(&[&["search", "--collapse", "-l"], &owner[..]].concat());
    assert_eq!(ids, format!("{PRE}\n{MAIN}\n{COPY_B}\n"));
    // Paging a collapsed list shows each cluster once.
    let page = |offset: &str| -> Vec<String> {
        let found: Search =
            env.search(&[&owner[..], &["--collapse", "-n", "1", "--offset", offset]].concat());
        found.hits.into_iter().map(|hit| hit.path).collect()
    };
    assert_eq!([page("0"), page("1"), page("2")].concat(), [PRE, MAIN, COPY_B]);

    let human = env.ok(&[&["search", "--collapse"], &owner[..]].concat());
    assert!(human.contains(&format!("   and 1 version: {COPY_A}\n")), "{human}");
    assert!(
        human.contains("3 matching documents (4 before collapsing near-duplicates)"),
        "{human}"
    );

    let csv =
        env.ok(&[&["export", "--collapse", "--no-sections", "--no-bom"], &owner[..]].concat());
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",versions"), "{header}");
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.contains(&format!(",{COPY_A}\r\n")), "{csv}");
    let ndjson = env.ok(&[&["export", "--collapse", "--format", "ndjson"], &owner[..]].concat());
    let versions: Vec<usize> = ndjson
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["versions"].as_array().unwrap().len()
        })
        .collect();
    assert_eq!(versions, [0, 0, 1]);
}

#[test]
fn a_hit_lists_every_match_of_its_cluster_whatever_the_page() {
    let env = indexed();
    // Only the copy says "Boxholm", so it ranks first; the original matches "kommunen" only,
    // seventh, below seeds that say it more. The page of one hit ranked two documents: the
    // original was not among them, and was listed on no page at all.
    let query = ["Boxholm OR kommunen", "--collapse"];
    let first: Search = env.search(&[&query[..], &["-n", "1"]].concat());
    let all: Search = env.search(&query);
    assert_eq!(all.hits[0].path, COPY_B);
    assert_eq!(first.hits[0].path, COPY_B);
    assert_eq!(first.hits[0].versions, Some(vec![COPY_A.to_string()]));
    assert_eq!(first.documents, all.documents);
    // Over the pages, the hits and their versions are the documents, each once.
    let mut listed: Vec<String> = Vec::new();
    for offset in 0..all.total {
        let page: Search =
            env.search(&[&query[..], &["-n", "1", "--offset", &offset.to_string()]].concat());
        for hit in page.hits {
            listed.push(hit.path);
            listed.extend(hit.versions.unwrap_or_default());
        }
    }
    listed.sort();
    listed.dedup();
    assert_eq!(Some(listed.len()), all.documents);
}

#[test]
fn a_projects_phases_and_copies_are_its_versions_on_the_record_and_in_similar() {
    let env = indexed();
    let main: Record = env.show(MAIN);
    let kinds: Vec<(&str, &str)> = main
        .versions
        .iter()
        .map(|version| (version.path.as_str(), version.kind.as_str()))
        .collect();
    assert_eq!(kinds, [(PRE, "similar title")]);
    assert_eq!(main.versions[0].title, "Förprojektering Bygglaget Ydre");
    let copy: Record = env.show(COPY_A);
    assert_eq!(copy.versions.len(), 1);
    assert_eq!(
        (copy.versions[0].path.as_str(), copy.versions[0].kind.as_str()),
        (COPY_B, "near-duplicate")
    );
    assert_eq!(copy.versions[0].similarity, Some(0.890625));
    assert!(env.show(OTHER).versions.is_empty());
    let human = env.ok(&["show", MAIN]);
    assert!(
        human.contains(&format!(
            "\nVersions:\n- Förprojektering Bygglaget Ydre ({PRE})  similar title, similarity 0,00\n"
        )),
        "{human}"
    );

    let similar: Similar = wire::decode(env.ok(&["similar", COPY_A, "--json"]));
    let versions: Vec<&str> =
        similar.versions.iter().map(|version| version.path.as_str()).collect();
    assert_eq!(versions, [COPY_B]);
    assert!(similar.hits.iter().all(|hit| hit.path != COPY_B));
}

#[test]
fn an_update_keeps_the_clusters_right() {
    let env = indexed();
    // The copy rewritten in other words: no cluster left.
    let rewritten = page(
        "Vägar till arbete för kvinnor i Ydre",
        "Genomförande",
        "Ydre kommun",
        &[("Bakgrund", REWRITE)],
    );
    fs::write(env.join(COPY_B), rewritten).unwrap();
    env.ok(&["index", "seeds", "esf", "--update"]);
    assert_eq!(duplicates(&env, &[]).total, 0);
    // A new exact copy of the rewrite: a cluster of those two.
    fs::copy(env.join(COPY_B), env.join("esf/kopia-av-kopian.txt")).unwrap();
    env.ok(&["index", "seeds", "esf", "--update"]);
    let found = duplicates(&env, &[]);
    assert_eq!(
        members(&found),
        [[("esf/kopia-av-kopian.txt".to_string(), 1.0), (COPY_B.to_string(), 1.0)]]
    );
    // One of them deleted: no cluster, and the survivor has no versions.
    fs::remove_file(env.join("esf/kopia-av-kopian.txt")).unwrap();
    env.ok(&["index", "seeds", "esf", "--update"]);
    assert_eq!(duplicates(&env, &[]).total, 0);
    // It keeps the original's title and owner: a version by its title, no near-duplicate.
    let kinds: Vec<(String, String)> =
        env.show(COPY_B).versions.into_iter().map(|version| (version.path, version.kind)).collect();
    assert_eq!(kinds, [(COPY_A.to_string(), "similar title".to_string())]);
}

#[test]
fn duplicates_read_the_query_as_search_does_corrected_and_with_exclusions() {
    let env = indexed();
    let corrected = env.run(&["duplicates", "--json", "kollektivtarfiken"]);
    let stderr = String::from_utf8(corrected.stderr).unwrap();
    let found: Duplicates = wire::decode(corrected.stdout);
    let warning =
        "showing results for \"kollektivtrafiken\"; no document has \"kollektivtarfiken\"";
    assert_eq!(stderr, format!("projsok: {warning}\n"));
    assert_eq!((found.total, found.warnings), (1, vec![warning.to_string()]));
    assert_eq!(members(&duplicates(&env, &["kollektivtrafiken"]))[0][0].0, COPY_B);
    // The copies are the one cluster; excluding their word leaves none.
    assert_eq!(duplicates(&env, &["kvinnor"]).total, 1);
    assert_eq!(duplicates(&env, &["kvinnor", "-kollektivtrafiken"]).total, 0);
    assert_eq!(duplicates(&env, &["-kollektivtrafiken", "kvinnor"]).total, 0);
}

#[test]
fn an_update_killed_before_its_tables_still_clusters_its_documents() {
    let env = indexed();
    let generation = fs::read_to_string(env.join("index/CURRENT")).unwrap();
    let folder = env.join("index").join(generation.trim());
    let before: Vec<(&str, Vec<u8>)> = ["clusters.bin", "clusters.key"]
        .into_iter()
        .map(|name| (name, fs::read(folder.join(name)).unwrap()))
        .collect();
    fs::copy(env.join(COPY_A), env.join("esf/tredje-kopian.txt")).unwrap();
    env.ok(&["index", "seeds", "esf", "--update"]);
    assert_eq!(members(&duplicates(&env, &[]))[0].len(), 3);
    // The tables as a run killed after its commit leaves them: those of the documents before.
    for (name, bytes) in &before {
        fs::write(folder.join(name), bytes).unwrap();
    }
    let found = duplicates(&env, &[]);
    let paths: Vec<&str> = found.clusters[0].members.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths.contains(&"esf/tredje-kopian.txt"), "{paths:?}");

    // A run killed right after its commit, in a generation of before the keys (none).
    fs::remove_file(folder.join("clusters.key")).unwrap();
    fs::copy(env.join(COPY_A), env.join("esf/fjarde-kopian.txt")).unwrap();
    let killed = std::process::Command::new(env!("CARGO_BIN_EXE_projsok"))
        .args(["index", "seeds", "esf", "--update"])
        .current_dir(env.path())
        .env("PROJSOK_FAILPOINT", "after-commit")
        .env_remove("PROJSOK_INDEX")
        .output()
        .unwrap();
    assert!(!killed.status.success());
    assert_eq!(members(&duplicates(&env, &[]))[0].len(), 4);
}

#[test]
fn a_damaged_or_missing_cluster_table_is_a_damaged_index() {
    let env = indexed();
    let generation = fs::read_to_string(env.join("index/CURRENT")).unwrap();
    let generation = generation.trim();
    let table = env.join("index").join(generation).join("clusters.bin");
    let whole = fs::read(&table).unwrap();
    let advice = "rebuild with: projsok index FOLDER...";
    for (bytes, what) in [(&whole[..whole.len() / 2], "damaged"), (&b"noise"[..], "damaged")] {
        fs::write(&table, bytes).unwrap();
        for args in [&["duplicates"][..], &["search", "--collapse", "kvinnor"], &["show", COPY_A]] {
            let stderr = env.fails(args, 3);
            let expected = format!("{generation}/clusters.bin is {what}; {advice}");
            assert!(stderr.contains(&expected), "{args:?}: {stderr}");
        }
    }
    fs::remove_file(&table).unwrap();
    let stderr = env.fails(&["duplicates"], 3);
    assert!(
        stderr.contains(&format!("{generation}/clusters.bin is missing; {advice}")),
        "{stderr}"
    );
    // A rebuild mends it.
    env.ok(&["index", "seeds", "esf"]);
    assert_eq!(duplicates(&env, &[]).total, 1);
}
