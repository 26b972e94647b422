//! Analyses over many runs of the model: scenario comparison (and, later, sweeps and calibration).
//!
//! Analyses compute numbers; writing them is `output`'s job.

pub mod compare;
