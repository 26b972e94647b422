//! Standard output and standard error of the commands, where a reader that stops early is normal.
//!
//! `talentloop … | head` closes the pipe after a few lines; `println!` would then panic ("failed
//! printing to stdout: Broken pipe", exit 101). Every command prints through [`Out`] instead:
//! once the reader has gone, further printing is skipped and the command finishes with the
//! status it would have had (0, or 1 for failed checks, 130 for an interrupted sweep), like
//! ripgrep. Any other write error (a full disk behind `> file`) is an error naming stdout.

use std::fmt;
use std::io::{self, Write};

use anyhow::Context;

/// Standard output for a command's report.
pub struct Out {
    stdout: io::Stdout,
    /// The reader closed the pipe: nothing more is printed.
    gone: bool,
}

impl Out {
    /// The process's standard output.
    pub fn stdout() -> Self {
        Out {
            stdout: io::stdout(),
            gone: false,
        }
    }

    /// Writes `args` and flushes, so that a failure shows here and not at exit. A closed pipe
    /// is not an error.
    pub fn print(&mut self, args: fmt::Arguments<'_>) -> anyhow::Result<()> {
        if self.gone {
            return Ok(());
        }
        let mut lock = self.stdout.lock();
        match lock.write_fmt(args).and_then(|()| lock.flush()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(())
            }
            other => other.context("writing to standard output"),
        }
    }
}

/// Prints to an [`Out`] like `print!`, returning its result.
macro_rules! out {
    ($out:expr, $($arg:tt)*) => {
        $out.print(format_args!($($arg)*))
    };
}

/// Prints a line to an [`Out`] like `println!`, returning its result.
macro_rules! outln {
    ($out:expr) => {
        $out.print(format_args!("\n"))
    };
    ($out:expr, $($arg:tt)*) => {
        $out.print(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {out, outln};

/// Writes a message to standard error, ignoring failure: a message about the run must not turn
/// into a panic when stderr is closed or its reader has gone.
pub fn warn(args: fmt::Arguments<'_>) {
    let mut stderr = io::stderr().lock();
    let _ = stderr
        .write_fmt(args)
        .and_then(|()| stderr.write_all(b"\n"));
}

/// A progress bar on stderr (hidden when `quiet`) of `len` steps with `template`.
pub fn progress_bar(len: u64, quiet: bool, template: &str) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let bar = ProgressBar::with_draw_target(
        Some(len),
        if quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        },
    );
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}
