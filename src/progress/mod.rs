//! Progress over time: the remediation plan, evidence freshness, the readiness forecast
//! and the comparison of two assessments.

pub mod diff;
pub mod forecast;
pub mod freshness;
pub mod plan;
