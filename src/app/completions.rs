//! `projsok completions` and `projsok man`: the shell completion scripts and the man pages,
//! both generated from the command-line definition ([`crate::cli::command`]), so they never
//! fall behind it.
//!
//! Completions offer the values every index shares: the eight ESF regions, the two phases
//! and the 290 kommuner of the gazetteer. Values read from the index itself (`--kommun
//! Jok<TAB>` from what the index holds, owners, programmes) would need clap_complete's
//! dynamic completion, which is behind its `unstable-dynamic` feature; projsok uses no
//! unstable feature. bash is offered the values of one word only (its generated script splits
//! "Övre Norrland" in two); zsh and fish get them all.

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::builder::PossibleValuesParser;

use super::stdout_error;
use crate::cli::{self, CompletionsArgs, ManArgs};
use crate::help;
use projsok::document::PHASES;
use projsok::error::{Error, Result};
use projsok::places;

/// The subcommands whose filter flags complete values.
const FILTERING: [&str; 7] = ["search", "similar", "facets", "export", "trends", "terms", "kwic"];

pub fn run_completions(args: &CompletionsArgs) -> Result<ExitCode> {
    // bash's generated script splits the values at spaces ("Övre" and "Norrland" offered
    // apart), so bash is offered the values of one word only.
    let one_word = args.shell == clap_complete::Shell::Bash;
    let mut command = with_known_values(cli::command(), one_word);
    // clap_complete unwraps its writes: into a buffer first, so that a closed pipe or a full
    // disk is the usual error, not a panic.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "projsok", &mut script);
    let mut out = io::stdout().lock();
    out.write_all(&script).and_then(|()| out.flush()).map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}

/// The command with the regions, phases and kommuner as the filter flags' possible values,
/// for the completion scripts only: the command line itself takes other spellings too.
fn with_known_values(command: clap::Command, one_word: bool) -> clap::Command {
    let kommuner = places::kommuner().iter().map(|kommun| kommun.name);
    let listed = |values: &mut dyn Iterator<Item = &'static str>| -> Vec<&'static str> {
        values.filter(|value| !(one_word && value.contains(' '))).collect()
    };
    let values: [(&str, Vec<&'static str>); 3] = [
        ("region", listed(&mut places::REGIONS.into_iter())),
        ("phase", listed(&mut PHASES.into_iter())),
        ("kommun", listed(&mut { kommuner })),
    ];
    FILTERING.into_iter().fold(command, |command, name| {
        command.mut_subcommand(name, |subcommand| {
            values.iter().fold(subcommand, |subcommand, (flag, known)| {
                let known = known.clone();
                subcommand.mut_arg(flag, |arg| arg.value_parser(PossibleValuesParser::new(known)))
            })
        })
    })
}

pub fn run_man(args: &ManArgs) -> Result<ExitCode> {
    let mut command = cli::command().disable_help_subcommand(true);
    command.build();
    match &args.dir {
        None => {
            let mut out = io::stdout().lock();
            write_main_page(&mut out, &command).and_then(|()| out.flush()).map_err(stdout_error)?;
        }
        Some(dir) => write_pages(dir, &command)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// projsok.1 and one page per subcommand, into `dir` (created when missing).
fn write_pages(dir: &Path, command: &clap::Command) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::argument(
            "--dir",
            format!("{}: is a file, not a folder", dir.display()),
        ));
    }
    // An index folder holds what projsok's writer can account for; pages there are not its.
    if projsok::index::writer::is_index_folder(dir) {
        return Err(Error::argument(
            "--dir",
            format!("{}: is a projsok index folder; write the pages elsewhere", dir.display()),
        ));
    }
    fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
    let names: Vec<String> = std::iter::once("projsok".to_string())
        .chain(pages(command).map(|subcommand| format!("projsok-{}", subcommand.get_name())))
        .collect();
    // A file of one of these names that projsok did not write stays: nothing is written.
    for name in &names {
        let path = dir.join(format!("{name}.1"));
        if path.symlink_metadata().is_ok() && !is_our_page(&path, name) {
            return Err(Error::argument(
                "--dir",
                format!(
                    "{} exists and is no projsok man page; nothing was written",
                    path.display()
                ),
            ));
        }
    }
    let write = |name: String, render: &dyn Fn(&mut dyn Write) -> io::Result<()>| {
        let path = dir.join(name);
        let mut bytes = Vec::new();
        render(&mut bytes)
            .and_then(|()| fs::write(&path, bytes))
            .map_err(|err| Error::io(&path, err))
    };
    write("projsok.1".to_string(), &|out| write_main_page(out, command))?;
    for subcommand in pages(command) {
        write(format!("projsok-{}.1", subcommand.get_name()), &|out| {
            write_subcommand_page(out, subcommand)
        })?;
    }
    Ok(())
}

/// Whether `path` is a regular file whose title line is the page `name` (`.TH projsok-search 1`),
/// as an earlier `man --dir` wrote it.
fn is_our_page(path: &Path, name: &str) -> bool {
    let is_file = path.symlink_metadata().is_ok_and(|meta| meta.is_file());
    let mut head = Vec::new();
    let read = fs::File::open(path)
        .and_then(|file| io::Read::read_to_end(&mut io::Read::take(file, 4096), &mut head));
    is_file
        && read.is_ok()
        && String::from_utf8_lossy(&head)
            .lines()
            .any(|line| line.starts_with(&format!(".TH {name} 1")))
}

/// The subcommands that have a page of their own (every one but clap's `help`).
fn pages(command: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    command.get_subcommands().filter(|subcommand| !subcommand.is_hide_set())
}

fn write_main_page(out: &mut dyn Write, command: &clap::Command) -> io::Result<()> {
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    section(out, "QUERY SYNTAX", help::QUERY_SYNTAX.split_once('\n').map_or("", |(_, rest)| rest))?;
    section(out, "FILTERS", help::FILTERS)?;
    section(out, "EXIT STATUS", help::EXIT_STATUS)?;
    section(out, "ENVIRONMENT", help::ENVIRONMENT)?;
    section(out, "FILES", help::FILES)?;
    section(out, "EXAMPLES", examples(help::EXAMPLES))?;
    let see_also: Vec<String> =
        pages(command).map(|page| format!("projsok-{}(1)", page.get_name())).collect();
    section(out, "SEE ALSO", &see_also.join(", "))?;
    man.render_version_section(out)
}

fn write_subcommand_page(out: &mut dyn Write, subcommand: &clap::Command) -> io::Result<()> {
    let man = clap_mangen::Man::new(subcommand.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    let after = subcommand.get_after_help().map(ToString::to_string).unwrap_or_default();
    for block in after.split("\n\n") {
        match block.split_once('\n') {
            Some(("Query syntax:", rest)) => section(out, "QUERY SYNTAX", rest)?,
            Some(("Examples:", rest)) => section(out, "EXAMPLES", rest)?,
            _ => {}
        }
    }
    section(out, "SEE ALSO", "projsok(1)")
}

/// The examples of a help text without its "Examples:" line.
fn examples(text: &str) -> &str {
    text.split_once('\n').map_or(text, |(_, rest)| rest)
}

/// A man page section of preformatted lines, as the help prints them.
fn section(out: &mut dyn Write, heading: &str, text: &str) -> io::Result<()> {
    writeln!(out, ".SH \"{heading}\"")?;
    writeln!(out, ".nf")?;
    // The help indents its blocks; the page has its own indent.
    let indent = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    for line in text.lines() {
        writeln!(out, "{}", roff_line(line.get(indent..).unwrap_or(line.trim_start())))?;
    }
    writeln!(out, ".fi")
}

/// A line of text as roff prints it: backslashes escaped, hyphens as hyphens (not the
/// typographic ones roff makes of "-"), and a leading dot or quote kept as text.
fn roff_line(line: &str) -> String {
    let escaped = line.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_lines_keep_their_characters() {
        assert_eq!(roff_line("-umeå"), "\\-umeå");
        assert_eq!(roff_line(".index"), "\\&.index");
        assert_eq!(roff_line("a\\b"), "a\\eb");
    }
}
