//! What the command line leaves to the environment and the user's config file: which index,
//! the default limit, the user's synonym table and colour. A flag wins over `PROJSOK_INDEX`,
//! which wins over the config file (`$XDG_CONFIG_HOME/projsok/config.toml`, else
//! `~/.config/projsok/config.toml`), which wins over `./index`.
//!
//! ```toml
//! index = "~/projekt/index"      # relative paths are relative to the config file's folder
//! limit = 20
//! synonyms = "synonyms.txt"
//! color = "never"                # auto, always or never
//! ```

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::cli::ColorChoice;
use projsok::config::MAX_LIMIT;
use projsok::error::{Error, Result};
use projsok::ingest::user_file::{self, Refusal};

/// The environment variable naming the index folder.
pub const INDEX_VARIABLE: &str = "PROJSOK_INDEX";
/// The index folder when nothing names one, relative to the working directory.
pub const DEFAULT_INDEX: &str = "index";
/// The config file's keys, in the order the documentation lists them.
pub const KEYS: [&str; 4] = ["index", "limit", "synonyms", "color"];
/// A config file is a few lines; anything this large was named by mistake.
const MAX_SIZE: u64 = 64 << 10;

/// The settings read from the environment and the config file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The config file read, if there was one.
    pub file: Option<PathBuf>,
    /// `PROJSOK_INDEX`, when set and not empty.
    pub env_index: Option<PathBuf>,
    pub index: Option<PathBuf>,
    pub limit: Option<usize>,
    pub synonyms: Option<PathBuf>,
    pub color: Option<ColorChoice>,
}

/// Where the index folder came from: only the default may be built implicitly from `seeds/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Environment,
    ConfigFile,
    Default,
}

impl Origin {
    /// What named the index, as `info --json` says it.
    pub fn key(self) -> &'static str {
        match self {
            Origin::Flag => "flag",
            Origin::Environment => "environment",
            Origin::ConfigFile => "config",
            Origin::Default => "default",
        }
    }

    /// What named the index, as `info` tells a person.
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Flag => "from --index",
            Origin::Environment => "from PROJSOK_INDEX",
            Origin::ConfigFile => "from the config file",
            Origin::Default => "the default",
        }
    }
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Reads the environment and the config file once for the process.
pub fn load() -> Result<&'static Settings> {
    if let Some(settings) = SETTINGS.get() {
        return Ok(settings);
    }
    let settings = read(config_path().as_deref(), std::env::var_os(INDEX_VARIABLE))?;
    Ok(SETTINGS.get_or_init(|| settings))
}

/// The settings loaded by [`load`]; empty when it was never called (`man`, `completions`).
pub fn get() -> &'static Settings {
    static EMPTY: Settings = Settings {
        file: None,
        env_index: None,
        index: None,
        limit: None,
        synonyms: None,
        color: None,
    };
    SETTINGS.get().unwrap_or(&EMPTY)
}

/// The folder of the user's projsok files: `$XDG_CONFIG_HOME/projsok`, else
/// `~/.config/projsok`.
pub fn config_folder() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .or_else(|| home().map(|home| home.join(".config")))?;
    Some(base.join("projsok"))
}

fn config_path() -> Option<PathBuf> {
    Some(config_folder()?.join("config.toml"))
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").filter(|value| !value.is_empty()).map(PathBuf::from)
}

impl Settings {
    /// The index folder of a command given `flag`, and where it came from.
    pub fn index(&self, flag: Option<&Path>) -> (PathBuf, Origin) {
        if let Some(dir) = flag {
            (dir.to_path_buf(), Origin::Flag)
        } else if let Some(dir) = &self.env_index {
            (dir.clone(), Origin::Environment)
        } else if let Some(dir) = &self.index {
            (dir.clone(), Origin::ConfigFile)
        } else {
            (PathBuf::from(DEFAULT_INDEX), Origin::Default)
        }
    }
}

/// The settings from the config file at `path` (absent is no error) and `PROJSOK_INDEX`.
fn read(path: Option<&Path>, env_index: Option<std::ffi::OsString>) -> Result<Settings> {
    let env_index = env_index.filter(|value| !value.is_empty()).map(PathBuf::from);
    let Some(path) = path.filter(|path| path.exists()) else {
        return Ok(Settings { env_index, ..Settings::default() });
    };
    let named = path.display().to_string();
    let bytes = user_file::read_regular(path, MAX_SIZE).map_err(|refusal| match refusal {
        Refusal::NotRegular(kind) => {
            Error::argument(&named, format!("not a regular file ({kind})"))
        }
        Refusal::TooLarge(_) => Error::argument(&named, "over 64 KiB; not a config file"),
        Refusal::Io(err) => Error::io(path, err),
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::argument(&named, "not UTF-8 text".to_string()))?;
    let mut settings = parse(&text, path.parent().unwrap_or(Path::new(".")))
        .map_err(|message| Error::argument(&named, message))?;
    settings.file = Some(path.to_path_buf());
    settings.env_index = env_index;
    Ok(settings)
}

/// The settings of a config file's text; relative paths are taken from `folder`. The error
/// names the line and key.
fn parse(text: &str, folder: &Path) -> std::result::Result<Settings, String> {
    let table: toml::Table = text.parse().map_err(|err: toml::de::Error| {
        let line = err.span().map(|span| line_of(text, span.start));
        let message = err.message().lines().next().unwrap_or_default().to_string();
        match line {
            Some(line) => format!("line {line}: {message}"),
            None => message,
        }
    })?;
    let mut settings = Settings::default();
    for (key, value) in &table {
        let line = line_of_key(text, key);
        let bad = |why: String| format!("line {line}: {key}: {why}");
        let text_value =
            || value.as_str().ok_or_else(|| bad(format!("must be text, not {}", kind(value))));
        match key.as_str() {
            "index" | "synonyms" => {
                let value = text_value()?;
                if value.trim().is_empty() {
                    return Err(bad("must name a path, not be empty".to_string()));
                }
                let path = Some(path_in(value, folder));
                if key == "index" {
                    settings.index = path;
                } else {
                    settings.synonyms = path;
                }
            }
            "limit" => {
                let limit = value
                    .as_integer()
                    .filter(|limit| (0..=MAX_LIMIT as i64).contains(limit))
                    .ok_or_else(|| bad(format!("must be a whole number from 0 to {MAX_LIMIT}")))?;
                settings.limit = Some(limit as usize);
            }
            "color" => {
                settings.color = Some(match text_value()? {
                    "auto" => ColorChoice::Auto,
                    "always" => ColorChoice::Always,
                    "never" => ColorChoice::Never,
                    _ => return Err(bad("must be auto, always or never".to_string())),
                })
            }
            _ => {
                return Err(format!(
                    "line {line}: unknown key {key:?} (the keys are {})",
                    KEYS.join(", ")
                ))
            }
        }
    }
    Ok(settings)
}

fn kind(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::String(_) => "text",
        toml::Value::Integer(_) => "a number",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "true or false",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
}

/// `~/x` in the home folder, a relative path in the config file's folder.
fn path_in(value: &str, folder: &Path) -> PathBuf {
    match (value.strip_prefix('~'), home()) {
        (Some(""), Some(home)) => home,
        (Some(rest), Some(home)) if rest.starts_with('/') => home.join(&rest[1..]),
        _ => folder.join(value),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line a top-level key stands on (keys of a table have no line of their own here; the
/// table's first line is as good).
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches('[');
            let line = line.strip_prefix('"').unwrap_or(line);
            line.strip_prefix(key).is_some_and(|rest| {
                let rest = rest.strip_prefix('"').unwrap_or(rest).trim_start();
                rest.starts_with('=') || rest.starts_with(']')
            })
        })
        .map_or(1, |at| at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> std::result::Result<Settings, String> {
        parse(text, Path::new("/conf"))
    }

    #[test]
    fn every_key_is_read_and_relative_paths_are_the_files() {
        let settings =
            parsed("index = \"idx\"\nlimit = 3\nsynonyms = \"/s.txt\"\ncolor = \"never\"\n")
                .unwrap();
        assert_eq!(settings.index, Some(PathBuf::from("/conf/idx")));
        assert_eq!(settings.limit, Some(3));
        assert_eq!(settings.synonyms, Some(PathBuf::from("/s.txt")));
        assert_eq!(settings.color, Some(ColorChoice::Never));
    }

    #[test]
    fn a_bad_file_names_the_line_and_key() {
        assert_eq!(
            parsed("limit = 3\nlimt = 4\n").unwrap_err(),
            "line 2: unknown key \"limt\" (the keys are index, limit, synonyms, color)"
        );
        assert_eq!(
            parsed("\nlimit = -1\n").unwrap_err(),
            "line 2: limit: must be a whole number from 0 to 10000"
        );
        assert_eq!(
            parsed("color = \"blue\"").unwrap_err(),
            "line 1: color: must be auto, always or never"
        );
        assert_eq!(parsed("index = 3").unwrap_err(), "line 1: index: must be text, not a number");
        assert_eq!(
            parsed("synonyms = \" \"").unwrap_err(),
            "line 1: synonyms: must name a path, not be empty"
        );
        assert_eq!(
            parsed("[index]\nx = 1").unwrap_err(),
            "line 1: index: must be text, not a table"
        );
        assert_eq!(
            parsed("limit = 1\nlimit 2").unwrap_err(),
            "line 2: key with no value, expected `=`"
        );
    }

    #[test]
    fn the_flag_wins_over_the_environment_over_the_file_over_the_default() {
        let mut settings = Settings {
            env_index: Some("env".into()),
            index: Some("file".into()),
            ..Settings::default()
        };
        assert_eq!(settings.index(Some(Path::new("flag"))), ("flag".into(), Origin::Flag));
        assert_eq!(settings.index(None), ("env".into(), Origin::Environment));
        settings.env_index = None;
        assert_eq!(settings.index(None), ("file".into(), Origin::ConfigFile));
        settings.index = None;
        assert_eq!(settings.index(None), ("index".into(), Origin::Default));
    }
}
