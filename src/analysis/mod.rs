//! Swedish text analysis.
