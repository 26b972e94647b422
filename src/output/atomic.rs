//! Atomic file writes and output-directory safety.
//!
//! A file is written to a temporary file in the same directory and renamed over the target, so a
//! reader never sees half a file and a crash leaves the old file (or nothing). A non-empty output
//! directory is refused unless overwriting was asked for, so nothing a user had is lost silently.

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Creates `dir` if needed; fails if it exists with content and `force` is false.
pub fn prepare_dir(dir: &Path, force: bool) -> Result<(), Error> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::io(
                dir,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "exists and is not a directory",
                ),
            ));
        }
        let non_empty = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_some();
        if non_empty && !force {
            return Err(Error::OutputExists {
                path: dir.to_path_buf(),
            });
        }
    } else {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically (temporary file in the same directory, then rename).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_non_empty_directory_without_force() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keep.txt"), "user data").unwrap();
        let err = prepare_dir(dir.path(), false).unwrap_err();
        assert_eq!(err.code(), "output_exists");
        assert!(prepare_dir(dir.path(), true).is_ok());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
            "user data"
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
}
