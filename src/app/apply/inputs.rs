//! The files of `ctask apply PATH...`: a path is a task file, or a folder whose `*.json` files (not
//! its subfolders) are task files, in name order. Each is read through `app::files` (same 5 MiB cap
//! per file, same messages), one at a time as it is planned, within an aggregate cap for the whole
//! run (`MAX_TOTAL_BYTES`, or `CTASK_APPLY_MAX_BYTES`). Disk only.

use std::path::Path;

use crate::app::files::{display_name, read_text};
use crate::task::taskfile::{self, TaskFile};

/// The most bytes one apply reads across all its files (256 MiB)...
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// ...unless this environment variable gives another number of bytes.
pub const MAX_TOTAL_ENV: &str = "CTASK_APPLY_MAX_BYTES";

/// The aggregate cap: `CTASK_APPLY_MAX_BYTES` when set (a positive number of bytes), else 256 MiB.
pub fn max_total() -> Result<u64, String> {
    match std::env::var(MAX_TOTAL_ENV) {
        Err(_) => Ok(MAX_TOTAL_BYTES),
        Ok(v) => v
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{MAX_TOTAL_ENV}={v:?} is not a positive number of bytes")),
    }
}

fn over(cap: u64) -> String {
    format!(
        "the task files add up to more than {cap} bytes, the most one apply reads; apply fewer \
         files at once, or set {MAX_TOTAL_ENV} to a larger number of bytes (nothing was sent)"
    )
}

/// Reads the files one at a time, as they are planned, counting the bytes against the cap.
#[derive(Debug)]
pub struct Budget {
    cap: u64,
    read: u64,
}

impl Budget {
    /// A budget of `cap` bytes; the files' sizes on disk are checked against it first, so a batch
    /// that is too big is refused before anything is read.
    pub fn new(files: &[String], cap: u64) -> Result<Budget, String> {
        let listed: u64 = files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        if listed > cap {
            return Err(over(cap));
        }
        Ok(Budget { cap, read: 0 })
    }

    /// Reads and parses `file`. `Err`: the bytes read so far went over the cap (a file that grew,
    /// a FIFO), which stops the whole batch; `Ok(Err)`: this file's own problem, kept as its issue.
    pub fn read(&mut self, file: &str) -> Result<Result<TaskFile, String>, String> {
        let text = match read_text(file) {
            Ok(t) => t,
            Err(m) => return Ok(Err(m)),
        };
        self.read += text.len() as u64;
        if self.read > self.cap {
            return Err(over(self.cap));
        }
        Ok(taskfile::parse(&text).map_err(|e| format!("{}: {e}", display_name(file))))
    }
}

/// Every task file the paths name, in order, each once; an error names the path that is wrong.
pub fn expand(paths: &[String]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| format!("{p}: cannot read: {e}"))?;
        if !meta.is_dir() {
            push_once(&mut out, p.clone());
            continue;
        }
        let mut found: Vec<String> = std::fs::read_dir(p)
            .map_err(|e| format!("{p}: cannot list the folder: {e}"))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|f| f.is_file() && has_json_extension(f))
            .map(|f| f.to_string_lossy().into_owned())
            .collect();
        if found.is_empty() {
            return Err(format!("{p}: the folder has no *.json task files"));
        }
        found.sort();
        for f in found {
            push_once(&mut out, f);
        }
    }
    if out.is_empty() {
        return Err("no task file given".into());
    }
    Ok(out)
}

fn push_once(out: &mut Vec<String>, p: String) {
    if !out.contains(&p) {
        out.push(p);
    }
}

fn has_json_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_give_their_json_files_in_order_and_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        for n in ["b.json", "a.JSON", "notes.txt"] {
            std::fs::write(dir.path().join(n), "{}").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/c.json"), "{}").unwrap();
        let d = dir.path().to_string_lossy().into_owned();
        let b = dir.path().join("b.json").to_string_lossy().into_owned();
        let got = expand(&[d.clone(), b.clone()]).unwrap();
        let names: Vec<String> = got
            .iter()
            .map(|p| {
                std::path::Path::new(p)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, vec!["a.JSON", "b.json"]);
        assert!(
            expand(&[format!("{d}/missing.json")])
                .unwrap_err()
                .contains("cannot read")
        );
        let empty = dir.path().join("sub2");
        std::fs::create_dir(&empty).unwrap();
        let e = expand(&[empty.to_string_lossy().into_owned()]).unwrap_err();
        assert!(e.contains("no *.json"), "{e}");
    }

    #[test]
    fn the_budget_refuses_a_batch_over_the_cap_before_reading_and_counts_what_it_reads() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.json");
        std::fs::write(&a, r#"{"name":"a"}"#).unwrap();
        let files = vec![a.to_string_lossy().into_owned(); 2];
        let e = Budget::new(&files, 20).unwrap_err();
        assert!(e.contains("20 bytes") && e.contains(MAX_TOTAL_ENV), "{e}");
        // Sizes that fit when listed, but more is read than listed (the file grew).
        let mut b = Budget::new(&files, 24).unwrap();
        assert!(b.read(&files[0]).unwrap().is_ok());
        std::fs::write(&a, r#"{"name":"grown"}"#).unwrap();
        assert!(b.read(&files[1]).unwrap_err().contains("24 bytes"));
        let missing = dir.path().join("gone.json").to_string_lossy().into_owned();
        let mut b = Budget::new(std::slice::from_ref(&missing), 24).unwrap();
        assert!(
            b.read(&missing)
                .unwrap()
                .unwrap_err()
                .contains("cannot read")
        );
    }
}
