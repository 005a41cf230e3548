//! How long one request's work may run. `projsok serve` answers a request over its time budget
//! with a 503 at once, but the blocking work behind it cannot be killed: it has to notice and
//! stop. The work runs inside [`Budget::run`], and the loops that can run long call [`check`]
//! (a candidate of `similar`, a record of an export's sort) or search through [`Checked`]
//! (once per segment), which fail once the deadline has passed or the request was given up
//! ([`Budget::stop`]). Outside a budget, as on the command line, nothing ever fails.
//!
//! The budget travels in a thread-local rather than as an argument, so that the library's
//! calls keep their signatures; [`Checked`] takes it along when it is made, since tantivy may
//! collect segments on other threads.
//!
//! ```
//! use std::time::Duration;
//! use projsok::search::budget::{check, Budget};
//!
//! assert!(check().is_ok());
//! let budget = Budget::new(Duration::from_secs(60));
//! assert!(budget.run(check).is_ok());
//! budget.stop();
//! let error = budget.run(check).unwrap_err();
//! assert_eq!(error.to_string(), "stopped: the time budget of 60 s ran out");
//! ```

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Weight;
use tantivy::{SegmentOrdinal, SegmentReader, TantivyError};

use crate::error::{Error, Result};

/// A deadline, and a flag for work given up before it (the client went away).
#[derive(Debug, Clone)]
pub struct Budget {
    deadline: Instant,
    time: Duration,
    stopped: Arc<AtomicBool>,
}

thread_local! {
    static CURRENT: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

impl Budget {
    /// A budget of `time` from now.
    pub fn new(time: Duration) -> Budget {
        Budget { deadline: Instant::now() + time, time, stopped: Arc::new(AtomicBool::new(false)) }
    }

    /// Tells the work to stop at its next check, deadline or not.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
    }

    /// Whether the work should stop.
    pub fn is_over(&self) -> bool {
        self.stopped.load(Ordering::Relaxed) || Instant::now() >= self.deadline
    }

    fn check(&self) -> Result<()> {
        if self.is_over() {
            return Err(Error::OverBudget { budget: self.time });
        }
        Ok(())
    }

    /// Runs `work` on this thread under this budget.
    pub fn run<T>(&self, work: impl FnOnce() -> T) -> T {
        /// Puts back the budget that was there before, also when `work` panics.
        struct Restore(Option<Budget>);
        impl Drop for Restore {
            fn drop(&mut self) {
                CURRENT.set(self.0.take());
            }
        }
        let _restore = Restore(CURRENT.replace(Some(self.clone())));
        work()
    }
}

/// Fails with [`Error::OverBudget`] when the work running on this thread is over its budget.
pub fn check() -> Result<()> {
    CURRENT.with_borrow(|budget| budget.as_ref().map_or(Ok(()), Budget::check))
}

/// The budget of the work running on this thread, if any: work handed to other threads takes
/// it along ([`Budget::run`] there).
pub fn current() -> Option<Budget> {
    CURRENT.with_borrow(Clone::clone)
}

/// A collector that first checks the budget it was made under, before each segment: a
/// search over budget fails at its next segment. A segment is collected as `C` collects it,
/// so the wrapped collector keeps its own shortcuts (TopDocs' pruning).
pub struct Checked<C> {
    inner: C,
    budget: Option<Budget>,
}

impl<C> Checked<C> {
    /// `inner`, checked against the budget of the work running on this thread.
    pub fn new(inner: C) -> Checked<C> {
        Checked { inner, budget: current() }
    }

    fn check(&self) -> tantivy::Result<()> {
        match &self.budget {
            Some(budget) if budget.is_over() => {
                Err(TantivyError::SystemError("the time budget ran out".to_string()))
            }
            _ => Ok(()),
        }
    }
}

impl<C: Collector> Collector for Checked<C> {
    type Fruit = C::Fruit;
    type Child = C::Child;

    fn check_schema(&self, schema: &tantivy::schema::Schema) -> tantivy::Result<()> {
        self.inner.check_schema(schema)
    }

    fn for_segment(
        &self,
        segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        self.check()?;
        self.inner.for_segment(segment_local_id, segment)
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        segment_fruits: Vec<<Self::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<Self::Fruit> {
        self.inner.merge_fruits(segment_fruits)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<<Self::Child as SegmentCollector>::Fruit> {
        self.check()?;
        self.inner.collect_segment(weight, segment_ord, reader)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::Count;
    use tantivy::query::AllQuery;
    use tantivy::schema::{Schema, STRING};
    use tantivy::{doc, Index};

    fn index(segments: usize) -> Index {
        let mut schema = Schema::builder();
        let field = schema.add_text_field("id", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15 << 20).unwrap();
        for n in 0..segments {
            writer.add_document(doc!(field => n.to_string())).unwrap();
            writer.commit().unwrap();
        }
        index
    }

    #[test]
    fn outside_a_budget_nothing_fails() {
        assert!(check().is_ok());
        let searcher = index(3).reader().unwrap().searcher();
        assert_eq!(searcher.search(&AllQuery, &Checked::new(Count)).unwrap(), 3);
    }

    #[test]
    fn a_search_over_budget_stops_and_the_budget_ends_with_the_work() {
        let searcher = index(3).reader().unwrap().searcher();
        let budget = Budget::new(Duration::from_secs(60));
        let counted = budget.run(|| searcher.search(&AllQuery, &Checked::new(Count)));
        assert_eq!(counted.unwrap(), 3);
        budget.stop();
        let stopped = budget.run(|| searcher.search(&AllQuery, &Checked::new(Count)));
        let reason = crate::error::tantivy_reason(&stopped.unwrap_err());
        assert_eq!(reason, "the search library failed: the time budget ran out");
        // The budget is gone once its work is.
        assert!(check().is_ok());
        assert_eq!(searcher.search(&AllQuery, &Checked::new(Count)).unwrap(), 3);
    }

    #[test]
    fn a_deadline_passes_without_anyone_stopping_the_work() {
        let budget = Budget::new(Duration::ZERO);
        assert!(budget.is_over());
        assert!(budget.run(check).is_err());
    }

    #[test]
    fn a_panic_inside_the_work_takes_its_budget_along() {
        let budget = Budget::new(Duration::ZERO);
        let outcome = std::panic::catch_unwind(|| budget.run(|| panic!("inside")));
        assert!(outcome.is_err());
        assert!(check().is_ok());
    }
}
