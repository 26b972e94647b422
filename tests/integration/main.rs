//! The integration test binary: one harness, one module per area.

mod address;
mod architecture;
mod calibration;
mod charts;
mod checks;
mod cli;
mod common;
mod errors;
mod faults;
mod output_memory;
mod packages;
mod registry;
mod robustness;
mod scenario_errors;
mod sweeps;
mod units;
mod validity;
