//! `talentloop explore`: start the policy explorer on 127.0.0.1 and serve until Ctrl-C.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::Args;

use talentloop::explore::server::{Assets, Listener};
use talentloop::explore::Explorer;

use super::out::{outln, warn, Out};

/// Arguments of `explore`.
#[derive(Debug, Args)]
pub struct ExploreArgs {
    /// The base scenario the sliders start from (its values are the ghost line).
    #[arg(default_value = "scenarios/baseline.toml")]
    pub scenario: PathBuf,
    /// Port on 127.0.0.1 (0: any free port; the printed URL has the real one).
    #[arg(long, default_value_t = 8250)]
    pub port: u16,
    /// Open the page in the default browser (xdg-open).
    #[arg(long)]
    pub open: bool,
    /// Sweep spec whose assumptions the uncertainty band samples (and the assumption panel
    /// shows), with the same sectors as the scenario.
    #[arg(long, default_value = "sweeps/policy_robustness.toml")]
    pub band: PathBuf,
    /// Members of the band's fixed sample (a Latin hypercube with the spec's seed).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(10..=2000))]
    pub members: u64,
}

/// Runs `explore`.
pub fn run(args: ExploreArgs) -> anyhow::Result<ExitCode> {
    let explorer = Arc::new(Explorer::new(
        &args.scenario,
        &args.band,
        args.members as usize,
    )?);
    let listener = Listener::bind(args.port)?;
    let url = format!("http://{}/", listener.addr());
    // The page's files from a folder while they are being edited (no rebuild); else the
    // compiled-in copy.
    let assets = std::env::var_os("TALENTLOOP_EXPLORE_ASSETS")
        .map_or(Assets::Embedded, |dir| Assets::Folder(PathBuf::from(dir)));
    // Tests and scripts read the URL from the first line, so it is printed (and flushed) first.
    let mut out = Out::stdout();
    outln!(out, "talentloop explore: {url}")?;
    outln!(
        out,
        "base {}, band of {} members from {}; Ctrl-C stops",
        explorer.base().name,
        args.members,
        args.band.display()
    )?;
    if args.open {
        if let Err(e) = std::process::Command::new("xdg-open").arg(&url).spawn() {
            warn(format_args!(
                "could not open a browser ({e}); open {url} yourself"
            ));
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    listener.serve(explorer, assets, stop);
    outln!(out, "talentloop explore: stopped")?;
    Ok(ExitCode::SUCCESS)
}
