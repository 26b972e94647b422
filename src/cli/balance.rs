//! `talentloop balance`: derive the constants of the balanced start from a scenario's start year,
//! compare them with the stored ones and, with `--write`, store them in the scenario file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use talentloop::model::{Balance, Model, EXIT_MULTIPLIER_WARNING};
use talentloop::output::{atomic, balance};

use super::out::{outln, Out};

/// Relative difference above which a stored constant counts as stale.
const STALE: f64 = 1e-9;

/// Arguments of `balance`.
#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// Scenario file (TOML) whose start year the constants are derived from.
    pub scenario: PathBuf,
    /// Write the derived values into the scenario file (in place; only the numbers change).
    #[arg(long)]
    pub write: bool,
    /// Exit with status 1 when a stored value differs from the derived one (for CI).
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// Override a value before deriving: KEY=VALUE (repeatable; not allowed with --write, which
    /// would store constants for data the file does not hold).
    #[arg(long = "set", value_name = "KEY=VALUE", conflicts_with = "write")]
    pub set: Vec<String>,
}

pub fn run(args: BalanceArgs) -> anyhow::Result<ExitCode> {
    let scenario = super::load_scenario(&args.scenario, &args.set)?;
    let derived = Model::compile_with(&scenario, Balance::Rederive)?;
    let values = balance::derived_values(&scenario, &derived.balance_constants());
    let mut stdout = Out::stdout();
    outln!(
        stdout,
        "{} — balanced start at {} (docs/model.md §4)",
        scenario.name,
        scenario.time.start
    )?;
    outln!(
        stdout,
        "{:<16} {:>7} {:>7} {:>9} {:>10} {:>9} {:>10} {:>9} {:>9}",
        "sector",
        "r_H0",
        "r_S0",
        "c_H",
        "exit_H/yr",
        "c_S",
        "exit_S/yr",
        "δ_A/yr",
        "v_RD/yr"
    )?;
    let rates = derived.start_exit_rates();
    let constants = derived.balance_constants();
    let mut warnings = Vec::new();
    for (i, id) in derived.sector_ids.iter().enumerate() {
        outln!(
            stdout,
            "{:<16} {:>7.4} {:>7.4} {:>9.4} {:>10.4} {:>9.4} {:>10.4} {:>9.5} {:>9.6}",
            id,
            derived.sec.r_h0[i],
            derived.sec.r_s0[i],
            constants.exit_h[i],
            rates.0[i],
            constants.exit_s[i],
            rates.1[i],
            constants.obsolescence[i],
            constants.rd_upgrading[i]
        )?;
        for (name, c, rate) in [
            ("high-level", constants.exit_h[i], rates.0[i]),
            ("skilled", constants.exit_s[i], rates.1[i]),
        ] {
            if c > EXIT_MULTIPLIER_WARNING {
                warnings.push(format!(
                    "warning: {id}: the {name} exit multiplier {c:.2} implies an exit rate of \
                        {rate:.3}/yr — the start-year inflows need far more exits than the quit \
                        and retirement rates give; check the stocks and inflows of 2024"
                ));
            }
        }
    }
    outln!(
        stdout,
        "{:<16} {:>10} {:>7} {:>9} {:>9}",
        "sector",
        "K0",
        "u0",
        "Hn(t0)",
        "x_RD0"
    )?;
    let l = derived.layout;
    for (i, id) in derived.sector_ids.iter().enumerate() {
        let k0 = derived.sec.k0[i];
        outln!(
            stdout,
            "{:<16} {:>10.4} {:>7.4} {:>9.2} {:>9.4}",
            id,
            k0,
            if k0 > 0.0 {
                derived.sp.va0[i] / k0
            } else {
                1.0
            },
            derived.y0[l.hn(i)],
            constants.rd_intensity_ref[i]
        )?;
    }
    outln!(
        stdout,
        "peer pool Cc_0 = {:.1} persons; arrival attractiveness AP_arr,0 = {:.4}",
        constants.peer_pool_ref,
        constants.arrival_attractiveness_ref
    )?;
    for w in &warnings {
        outln!(stdout, "{w}")?;
    }
    let stale: Vec<_> = values
        .iter()
        // A NaN (a stored value that is not a number) counts as stale too.
        .filter(|v| v.relative_difference().is_nan() || v.relative_difference() > STALE)
        .collect();
    if args.write {
        for (file, text) in balance::rewrite(&scenario, &values)? {
            atomic::write(&file, text.as_bytes())?;
            outln!(
                stdout,
                "wrote {} derived values into {}",
                values.len(),
                file.display()
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if stale.is_empty() {
        outln!(
            stdout,
            "the {} stored values match (relative difference ≤ {STALE:e})",
            values.len()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        stdout,
        "{} of {} stored values differ from the derived ones (largest first):",
        stale.len(),
        values.len()
    )?;
    let mut sorted = stale.clone();
    sorted.sort_by(|a, b| b.relative_difference().total_cmp(&a.relative_difference()));
    for v in sorted.iter().take(10) {
        outln!(
            stdout,
            "  {}: stored {} → derived {} ({:.1e} relative)",
            v.key,
            v.stored(),
            v.derived,
            v.relative_difference()
        )?;
    }
    if args.set.is_empty() {
        outln!(
            stdout,
            "store them with: talentloop balance {} --write",
            args.scenario.display()
        )?;
    } else {
        outln!(
            stdout,
            "(derived for the data with --set; to store them, change the file and run `talentloop \
                balance FILE --write`, or run with --rebalance)"
        )?;
    }
    Ok(if args.check {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
