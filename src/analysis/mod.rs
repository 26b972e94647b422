//! Analyses over many runs of the model: scenario comparison and sweeps (designs, sensitivity
//! indices, percentile bands).
//!
//! Analyses compute numbers; writing them is `output`'s job.

pub mod calibrate;
pub mod check;
pub mod compare;
pub mod fiscal;
pub mod optimize;
pub mod sweep;
pub mod uncertainty;
