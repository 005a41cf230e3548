//! How a build or update tells its caller what it is doing, so that the library never knows
//! whether a terminal, a log or nobody is watching: the command line draws a bar, benches and
//! tests pass [`NoProgress`].

use super::{Found, Skip};

/// What an indexing run reports, in the order it happens: `started` with the number of files
/// the walk found, the walk's skips, for each file its skip (if any) and `read`, then
/// `finished` before the commit. Notices come before `started` or after `finished`.
pub trait Progress {
    /// The walk is done and `total` files are to be read.
    fn started(&mut self, _total: usize) {}
    /// An entry was not indexed: found so by the walk or when read.
    fn skipped(&mut self, _skip: &Skip) {}
    /// One file of the total is done with: indexed, unchanged or skipped.
    fn read(&mut self, _found: &Found) {}
    /// Every file is read; the commit follows.
    fn finished(&mut self) {}
    /// Something the user should know that is neither a skip nor an error.
    fn notice(&mut self, _message: &str) {}
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}
