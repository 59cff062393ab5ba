//! The files of `ctask apply PATH...`: a path is a task file, or a folder whose `*.json` files (not
//! its subfolders) are task files, in name order. Each is read through `app::files` (same size cap,
//! same messages). Disk only.

use std::path::Path;

use crate::app::files::read_task_file;
use crate::task::taskfile::TaskFile;

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

/// Reads and parses every file; an unreadable one keeps its message.
pub fn read_all(files: &[String]) -> Vec<(String, Result<TaskFile, String>)> {
    files
        .iter()
        .map(|f| (f.clone(), read_task_file(f)))
        .collect()
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
        let names: Vec<&str> = got.iter().map(|p| p.rsplit('/').next().unwrap()).collect();
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
}
