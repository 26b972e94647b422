//! Prints a report page to an A4 PDF with headless Chromium, when it is installed.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::error::Error;

/// The flags of a headless Chromium that reads a local file and nothing else.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Prints `html` (a file) to `pdf` with `chromium`; the page's own CSS sets A4 and the breaks.
pub fn print_pdf(chromium: &Path, html: &Path, pdf: &Path) -> Result<(), Error> {
    let profile = tempfile::tempdir().map_err(|e| Error::io(pdf, e))?;
    let html = std::fs::canonicalize(html).map_err(|e| Error::io(html, e))?;
    let status = Command::new(chromium)
        .args(CHROMIUM_FLAGS)
        .args([
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| Error::io(chromium, e))?;
    if !status.success() || !pdf.is_file() {
        return Err(Error::BadOutput {
            path: pdf.to_path_buf(),
            message: format!(
                "{} could not print the report ({status})",
                chromium.display()
            ),
        });
    }
    Ok(())
}
