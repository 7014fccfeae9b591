//! Comparing two assessments.
