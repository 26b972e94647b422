//! Records the git commit of the build (with `-dirty` when the work tree has uncommitted
//! changes) for run manifests.
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    Command::new("git")
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
}

fn main() {
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs");
    println!("cargo:rerun-if-changed=.git/index");
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_default();
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    let label = if commit.is_empty() || !dirty {
        commit
    } else {
        format!("{commit}-dirty")
    };
    println!("cargo:rustc-env=TALENTLOOP_GIT_COMMIT={label}");
}
