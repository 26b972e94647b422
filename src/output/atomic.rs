//! Atomic file writes and transactional output folders.
//!
//! A file is written to a temporary file in the same directory and renamed over the target, so a
//! reader never sees half a file ([`write()`]).
//!
//! A whole output folder is a transaction ([`OutputDir`]): the command takes the lock
//! `<target>.lock` beside the target, writes everything into a fresh hidden folder in the same
//! parent (`.talentloop-tmp-<name>-<pid>-<random>`) and renames it into place when complete. With
//! `--force` the old folder is renamed aside (`.talentloop-old-<name>-<pid>-<random>`), the new one
//! renamed in, and the old one removed only then; on any failure the old folder is left as it was
//! and the temporary folder removed. A reader therefore sees the old folder or the new one, never
//! a mixture, and two writers of one target cannot interleave.
//!
//! A non-empty target is refused without `--force`, and `--force` replaces only a folder that
//! talentloop wrote (one holding `manifest.json` or `calibration.json`): it replaces that folder
//! as a whole, files a user added to it included.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Prefix of the folder a command writes into before renaming it into place.
const TMP_PREFIX: &str = ".talentloop-tmp-";
/// Prefix of the file a lock is written to before it is linked into place.
const LOCK_PREFIX: &str = ".talentloop-lock-";
/// Prefix of the old folder while `--force` swaps the new one in.
const OLD_PREFIX: &str = ".talentloop-old-";
/// Files that mark a folder as written by talentloop (the manifests of every command).
const MARKERS: [&str; 2] = ["manifest.json", "calibration.json"];

/// Writes `bytes` to `path` atomically (temporary file in the same directory, then rename).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = parent_of(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(".talentloop-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path(), e))?;
    // Temporary files are private (0600); outputs are ordinary files others may read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// The directory holding `path` (`.` for a bare name).
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn exists_error(path: &Path, message: &str) -> Error {
    Error::io(
        path,
        std::io::Error::new(std::io::ErrorKind::AlreadyExists, message.to_string()),
    )
}

/// Whether `dir` exists with content; an error if it exists and is not a directory.
fn non_empty(dir: &Path) -> Result<bool, Error> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_some()),
        Ok(_) => Err(exists_error(dir, "exists and is not a directory")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(dir, e)),
    }
}

/// Refuses a non-empty `target` without `force`, and with `force` one that talentloop did not
/// write (replacing it would delete what the user has there).
fn check_target(target: &Path, force: bool) -> Result<(), Error> {
    if !non_empty(target)? {
        return Ok(());
    }
    if !force {
        return Err(Error::OutputExists {
            path: target.to_path_buf(),
        });
    }
    if !MARKERS.iter().any(|m| target.join(m).is_file()) {
        return Err(Error::NotOutputFolder {
            path: target.to_path_buf(),
        });
    }
    Ok(())
}

/// A hidden folder name `<prefix><name>-<pid>-<6 random characters>`.
fn hidden_dir(parent: &Path, prefix: &str, name: &str) -> Result<PathBuf, Error> {
    let dir = tempfile::Builder::new()
        .prefix(&format!("{prefix}{name}-{}-", std::process::id()))
        .rand_bytes(6)
        .tempdir_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    Ok(dir.keep())
}

/// The target name and pid of a hidden folder `<prefix><name>-<pid>-<random>`.
fn parse_hidden<'a>(file_name: &'a str, prefix: &str) -> Option<(&'a str, u32)> {
    let mut parts = file_name.strip_prefix(prefix)?.rsplitn(3, '-');
    let (_random, pid, name) = (parts.next()?, parts.next()?, parts.next()?);
    Some((name, pid.parse().ok()?))
}

/// Best-effort fsync of a directory, so that renames in it survive a crash.
fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// An output folder being written: everything goes into [`path`](Self::path), and
/// [`commit`](Self::commit) puts it in place of the target. Dropped without a commit, it removes
/// what it wrote and leaves the target as it was.
#[derive(Debug)]
pub struct OutputDir {
    target: PathBuf,
    tmp: PathBuf,
    force: bool,
    // Held until the transaction ends (released on drop, after the commit's last rename).
    _lock: Lock,
    committed: bool,
}

impl OutputDir {
    /// Starts writing `target` for `command` (the command line, recorded in the lock): takes the
    /// lock, refuses a non-empty target without `force` (and with it one talentloop did not
    /// write), creates the temporary folder. Call it before the work, so that a refusal costs
    /// nothing.
    pub fn begin(target: &Path, force: bool, command: &str) -> Result<Self, Error> {
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| !n.starts_with(".talentloop-"))
            .ok_or_else(|| Error::Invalid {
                message: format!(
                    "the output folder {} must end in a folder name (not `.`, `..` or `/`)",
                    target.display()
                ),
            })?
            .to_string();
        let parent = parent_of(target);
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let lock = Lock::acquire(parent, &name, target, command)?;
        check_target(target, force)?;
        let tmp = hidden_dir(parent, TMP_PREFIX, &name)?;
        // Temporary folders are private (0700); outputs are ordinary folders others may read.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755));
        }
        Ok(OutputDir {
            target: target.to_path_buf(),
            tmp,
            force,
            _lock: lock,
            committed: false,
        })
    }

    /// The folder to write into (beside the target, renamed into place on commit).
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// The folder this transaction replaces or creates.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes `bytes` to `rel` inside the folder (creating subfolders), atomically.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<PathBuf, Error> {
        let path = self.tmp.join(rel);
        let dir = parent_of(&path);
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        write(&path, bytes)?;
        Ok(path)
    }

    /// Puts the finished folder in place of the target and returns the target. With `force`
    /// an old folder is renamed aside first and removed only after the new one is in place; if
    /// anything fails the old folder is put back and the error returned.
    pub fn commit(mut self) -> Result<PathBuf, Error> {
        let target = self.target.clone();
        let parent = parent_of(&target).to_path_buf();
        sync_dir(&self.tmp);
        // A folder created by someone else since `begin` (our lock keeps talentloop out) is
        // judged as `begin` would have.
        check_target(&target, self.force)?;
        let old = if non_empty(&target)? {
            let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let old = hidden_dir(&parent, OLD_PREFIX, name)?;
            // `hidden_dir` reserved a unique name; the rename needs it absent (or empty).
            if let Err(e) = std::fs::rename(&target, &old) {
                let _ = std::fs::remove_dir(&old);
                return Err(Error::io(&target, e));
            }
            Some(old)
        } else {
            None
        };
        if let Err(e) = rename_into_place(&self.tmp, &target) {
            if let Some(old) = &old {
                if let Err(back) = std::fs::rename(old, &target) {
                    eprintln!(
                        "warning: could not put the old folder back at {}: it is at {} ({back})",
                        target.display(),
                        old.display()
                    );
                }
            }
            return Err(Error::io(&target, e));
        }
        self.committed = true;
        sync_dir(&parent);
        if let Some(old) = old {
            if let Err(e) = std::fs::remove_dir_all(&old) {
                eprintln!(
                    "warning: {} is in place, but its old copy {} could not be removed: {e}",
                    target.display(),
                    old.display()
                );
            }
        }
        Ok(target)
    }
}

/// Writes the folder `target` in one transaction: `fill` writes into the temporary folder and
/// returns the names of the files it wrote, which are returned as paths inside `target`.
pub fn write_folder(
    target: &Path,
    force: bool,
    command: &str,
    fill: impl FnOnce(&Path) -> Result<Vec<PathBuf>, Error>,
) -> Result<Vec<PathBuf>, Error> {
    let txn = OutputDir::begin(target, force, command)?;
    let files = fill(txn.path())?;
    let dir = txn.commit()?;
    Ok(files.iter().map(|f| dir.join(f)).collect())
}

/// Renames `from` to `to`, where `to` is absent or an empty folder.
fn rename_into_place(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::rename(from, to) {
        // Some systems do not rename over an empty directory: remove it and try again.
        Err(_) if to.is_dir() => {
            std::fs::remove_dir(to)?;
            std::fs::rename(from, to)
        }
        r => r,
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// The lock file `<target>.lock` of a folder being written: created only if absent, holding the
/// writer's pid, its start time and command line; removed when the writer is done.
#[derive(Debug)]
struct Lock {
    path: PathBuf,
    content: String,
    // Prefix of the file the lock is staged in, named like the hidden folders so that `recover`
    // removes one a killed writer left.
    staging: String,
}

/// A lock file's holder, as recorded in it.
struct Holder {
    pid: u32,
    start: Option<u64>,
    host: Option<String>,
    command: String,
}

/// This machine's name (Linux), recorded in locks: a pid means nothing on another machine that
/// shares the disk (a cluster's nodes).
fn host_name() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
}

fn parse_lock(text: &str) -> Option<Holder> {
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .map(str::to_string)
    };
    Some(Holder {
        pid: field("pid")?.parse().ok()?,
        start: field("start").and_then(|s| s.parse().ok()),
        host: field("host"),
        command: field("command").unwrap_or_default(),
    })
}

/// Start time of process `pid` in clock ticks since boot (field 22 of `/proc/<pid>/stat`), which
/// tells a live holder from a later process that reuses its pid. `Err` if it cannot be read.
fn process_start(pid: u32) -> std::io::Result<Option<u64>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name (field 2) is in parentheses and may hold spaces: count after the last `)`.
    Ok(stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().nth(19))
        .and_then(|s| s.parse().ok()))
}

/// Whether the holder of a lock has certainly exited: it ran on this machine, and its `/proc`
/// entry is gone or belongs to a process started at another time. Where `/proc` does not exist,
/// or for a lock of another machine, never.
fn holder_gone(h: &Holder) -> bool {
    let other_host = h.host.is_some() && h.host != host_name();
    if other_host || !Path::new("/proc/self/stat").exists() {
        return false;
    }
    match process_start(h.pid) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(start) => matches!((start, h.start), (Some(now), Some(then)) if now != then),
    }
}

impl Lock {
    /// Takes the lock of `parent/name`, taking over a stale one (its writer gone) after undoing
    /// what that writer left half done.
    fn acquire(parent: &Path, name: &str, target: &Path, command: &str) -> Result<Lock, Error> {
        let path = parent.join(format!("{name}.lock"));
        let pid = std::process::id();
        let start = process_start(pid)
            .ok()
            .flatten()
            .map_or_else(String::new, |s| format!("start={s}\n"));
        // One line per field: a command line with a newline would add a field.
        let command = command.replace(['\n', '\r'], " ");
        let host = host_name().map_or_else(String::new, |h| format!("host={h}\n"));
        let content = format!("pid={pid}\n{start}{host}command={command}\n");
        let lock = Lock {
            path,
            content,
            staging: format!("{LOCK_PREFIX}{name}-{pid}-"),
        };
        // Each round either takes the lock, refuses, or removes a stale lock and tries again.
        for _ in 0..4 {
            if lock.create()? {
                clear_staged(parent, name);
                return Ok(lock);
            }
            let text = match std::fs::read_to_string(&lock.path) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::io(&lock.path, e)),
            };
            let holder = parse_lock(&text);
            match &holder {
                Some(h) if holder_gone(h) => {
                    eprintln!(
                        "warning: taking over the stale lock {} of pid {}, which is no longer \
                            running",
                        lock.path.display(),
                        h.pid
                    );
                    // Undone before the stale lock goes, so that if we die here the next writer
                    // still finds the dead writer's pid and undoes it again.
                    recover(parent, name, target, h.pid);
                    lock.remove_stale(&text)?;
                }
                _ => return Err(locked(target, &lock.path, holder.as_ref())),
            }
        }
        Err(locked(target, &lock.path, None))
    }

    /// Creates the lock file with its content in one step (a hard link to a finished file, so
    /// no reader sees it empty); `false` if it exists.
    fn create(&self) -> Result<bool, Error> {
        let parent = parent_of(&self.path);
        let mut tmp = tempfile::Builder::new()
            .prefix(&self.staging)
            .rand_bytes(6)
            .tempfile_in(parent)
            .map_err(|e| Error::io(parent, e))?;
        // Not synced: a lock that outlives a crash is stale anyway, and the shorter the time
        // the staged file exists, the rarer one a killed writer leaves.
        tmp.write_all(self.content.as_bytes())
            .map_err(|e| Error::io(tmp.path(), e))?;
        match std::fs::hard_link(tmp.path(), &self.path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            // A file system without hard links: create it exclusively and write it.
            Err(_) => match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&self.path)
            {
                Ok(mut f) => {
                    f.write_all(self.content.as_bytes())
                        .map_err(|e| Error::io(&self.path, e))?;
                    Ok(true)
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
                Err(e) => Err(Error::io(&self.path, e)),
            },
        }
    }

    /// Removes the stale lock whose text is `stale`. It is renamed aside first and checked: if
    /// another writer replaced it meanwhile, its lock is put back.
    fn remove_stale(&self, stale: &str) -> Result<(), Error> {
        let aside = self
            .path
            .with_extension(format!("lock.stale-{}", std::process::id()));
        match std::fs::rename(&self.path, &aside) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io(&self.path, e)),
        }
        if std::fs::read_to_string(&aside).ok().as_deref() != Some(stale) {
            let _ = std::fs::hard_link(&aside, &self.path);
        }
        let _ = std::fs::remove_file(&aside);
        Ok(())
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only our own lock: never one another writer took over.
        if std::fs::read_to_string(&self.path).ok().as_deref() == Some(self.content.as_str()) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn locked(target: &Path, lock: &Path, holder: Option<&Holder>) -> Error {
    Error::Locked {
        target: target.to_path_buf(),
        lock: lock.to_path_buf(),
        holder: holder.map_or_else(
            || "unknown writer".to_string(),
            |h| match &h.host {
                Some(host) => format!("pid {} on {host}: {}", h.pid, h.command),
                None => format!("pid {}: {}", h.pid, h.command),
            },
        ),
    }
}

/// Removes the staged lock files of `parent/name` left by writers killed while taking the lock
/// (their pid no longer exists here). One of a live writer on another machine sharing the disk
/// may go too: its link then fails, and its exclusive create finds our lock.
fn clear_staged(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    if !Path::new("/proc/self/stat").exists() {
        return;
    }
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let staged = file_name
            .to_str()
            .and_then(|n| parse_hidden(n, LOCK_PREFIX))
            .filter(|&(n, pid)| n == name && pid != std::process::id());
        if let Some((_, pid)) = staged {
            if !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Undoes what the dead writer `pid` of `parent/name` left: its temporary folder (and staged lock
/// file) is removed, and an old folder it had moved aside is put back if the new one never
/// arrived (else removed).
fn recover(parent: &Path, name: &str, target: &Path, pid: u32) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let path = entry.path();
        if parse_hidden(file_name, TMP_PREFIX) == Some((name, pid)) {
            let _ = std::fs::remove_dir_all(&path);
        } else if parse_hidden(file_name, LOCK_PREFIX) == Some((name, pid)) {
            let _ = std::fs::remove_file(&path);
        } else if parse_hidden(file_name, OLD_PREFIX) == Some((name, pid)) {
            if target.exists() {
                let _ = std::fs::remove_dir_all(&path);
            } else if std::fs::rename(&path, target).is_ok() {
                eprintln!(
                    "warning: restored {} from {}, where an interrupted --force had left it",
                    target.display(),
                    path.display()
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn refuses_non_empty_directory_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("keep.txt"), "user data").unwrap();
        let err = OutputDir::begin(&out, false, "test").unwrap_err();
        assert_eq!(err.code(), "output_exists");
        // --force replaces only a folder talentloop wrote.
        let err = OutputDir::begin(&out, true, "test").unwrap_err();
        assert_eq!(err.code(), "not_output_folder");
        assert_eq!(
            std::fs::read_to_string(out.join("keep.txt")).unwrap(),
            "user data"
        );
        assert_eq!(
            names(dir.path()),
            ["out"],
            "no lock or temporary folder left"
        );
    }

    #[test]
    fn write_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        write(&target, b"a,b\n1,2\n").unwrap();
        write(&target, b"a,b\n3,4\n").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "a,b\n3,4\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_folder_appears_whole_on_commit_and_not_at_all_without() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let txn = OutputDir::begin(&out, false, "test").unwrap();
        txn.write("a.csv", b"1").unwrap();
        txn.write("sub/manifest.json", b"{}").unwrap();
        assert!(!out.exists(), "nothing at the target before the commit");
        assert!(dir.path().join("out.lock").is_file());
        // A second writer is refused while the first holds the lock.
        let err = OutputDir::begin(&out, true, "test").unwrap_err();
        assert_eq!(err.code(), "locked");
        assert!(err.to_string().contains("out.lock"), "{err}");
        txn.write("manifest.json", b"{}").unwrap();
        assert_eq!(txn.commit().unwrap(), out);
        assert_eq!(names(&out), ["a.csv", "manifest.json", "sub"]);
        assert_eq!(names(dir.path()), ["out"]);

        // A rolled-back --force leaves the old folder exactly as it was.
        let txn = OutputDir::begin(&out, true, "test").unwrap();
        txn.write("b.csv", b"2").unwrap();
        drop(txn);
        assert_eq!(names(&out), ["a.csv", "manifest.json", "sub"]);
        assert_eq!(names(dir.path()), ["out"]);

        // A commit whose last rename fails puts the old folder back.
        let txn = OutputDir::begin(&out, true, "test").unwrap();
        std::fs::remove_dir_all(txn.path()).unwrap();
        assert!(txn.commit().is_err());
        assert_eq!(names(&out), ["a.csv", "manifest.json", "sub"]);
        assert_eq!(std::fs::read(out.join("a.csv")).unwrap(), b"1");
        assert_eq!(names(dir.path()), ["out"]);

        // A committed --force replaces the folder as a whole.
        let txn = OutputDir::begin(&out, true, "test").unwrap();
        txn.write("manifest.json", b"{\"new\": 1}").unwrap();
        txn.commit().unwrap();
        assert_eq!(names(&out), ["manifest.json"]);
        assert_eq!(names(dir.path()), ["out"]);
    }

    #[test]
    fn a_stale_lock_is_taken_over_and_its_half_done_swap_undone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let dead = u32::MAX - 1;
        // A writer killed between moving the old folder aside and renaming the new one in.
        let old = dir.path().join(format!("{OLD_PREFIX}out-{dead}-abcdef"));
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("manifest.json"), "old").unwrap();
        let tmp = dir.path().join(format!("{TMP_PREFIX}out-{dead}-ghijkl"));
        std::fs::create_dir(&tmp).unwrap();
        let staged = dir.path().join(format!("{LOCK_PREFIX}out-{dead}-stuvwx"));
        std::fs::write(&staged, "pid=1\n").unwrap();
        // Another target's leftovers are not touched.
        let other = dir.path().join(format!("{TMP_PREFIX}out-1-{dead}-mnopqr"));
        std::fs::create_dir(&other).unwrap();
        std::fs::write(
            dir.path().join("out.lock"),
            format!("pid={dead}\nstart=1\ncommand=talentloop run\n"),
        )
        .unwrap();
        // A pid on another machine sharing the disk says nothing about this one's processes.
        let lock = dir.path().join("out.lock");
        let foreign = format!("pid={dead}\nhost=not-this-machine\ncommand=talentloop run\n");
        std::fs::write(&lock, &foreign).unwrap();
        let err = OutputDir::begin(&out, true, "test").unwrap_err();
        assert!(err.to_string().contains("on not-this-machine"), "{err}");
        assert_eq!(std::fs::read_to_string(&lock).unwrap(), foreign);
        std::fs::write(
            &lock,
            format!("pid={dead}\nstart=1\ncommand=talentloop run\n"),
        )
        .unwrap();
        let txn = OutputDir::begin(&out, true, "test").unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("manifest.json")).unwrap(),
            "old"
        );
        assert!(!tmp.exists() && !old.exists() && !staged.exists() && other.exists());
        drop(txn);
        assert!(!dir.path().join("out.lock").exists());
        assert_eq!(
            parse_hidden(&format!("{TMP_PREFIX}a-1-22-xyzabc"), TMP_PREFIX),
            Some(("a-1", 22))
        );
    }
}
