//! The integration test binary: one harness, one module per area.

mod address;
mod architecture;
mod calibration;
mod charts;
mod checks;
mod cli;
mod common;
mod errors;
mod estimates;
mod faults;
mod fuzz_corpus;
mod output_memory;
mod packages;
mod policies;
mod properties;
mod registry;
mod report;
mod robustness;
mod scenario_errors;
mod structure;
mod sweeps;
mod transactions;
mod uncertainty;
mod units;
mod validity;
mod xlsx;
