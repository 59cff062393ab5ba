//! `Form`: the task being edited and what is derived from it (issues, counts, the screens with an
//! error, a revision number). The task can only be changed through `edit` (or `replace`), which
//! revalidates before it returns, so no caller has to remember to (a `deferred` form, the TUI's at
//! start, is validated once at `check`, after the first frame and before any message). The issues
//! are indexed by path once per validation, so a row's `issues_at` / `worst_at` is a hash lookup,
//! not a scan of every issue (a task with 1,000 unknown `task_config` keys has 1,000 warnings).
//! Pure.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::screen::Screen;
use crate::task::{CollectionTask, Issue, Severity, in_source_part, validate_keeping};

#[derive(Clone, Debug)]
pub struct Form {
    task: CollectionTask,
    pub issues: Vec<Issue>,
    pub errors: usize,
    pub warnings: usize,
    /// Which screens hold an error (tab markers), by `Screen::index`.
    pub screen_errors: [bool; Screen::ALL.len()],
    /// Which screens hold a warning, by `Screen::index`.
    pub screen_warnings: [bool; Screen::ALL.len()],
    /// Bumped on every edit; caches (cron preview, Review) compare against it.
    pub revision: u64,
    /// Catalog paths the user has edited: profile defaults never overwrite them.
    pub touched: HashSet<String>,
    index: PathIndex,
    /// False from `deferred` until `check`: the issues have not been computed yet.
    checked: bool,
    /// Where the source part's issues (`task_config`, `data_source_type`) are in `issues`.
    source_part: std::ops::Range<usize>,
    /// The tab markers of the source part's issues, kept with them (a big task's thousand
    /// `task_config` warnings are not placed again on every keystroke).
    source_marks: Marks,
}

/// Which screens hold an error, and which a warning, by `Screen::index`.
type Marks = ([bool; Screen::ALL.len()], [bool; Screen::ALL.len()]);

/// The tab markers of some issues.
fn marks(issues: &[Issue]) -> Marks {
    let mut m: Marks = Default::default();
    for i in issues {
        let at = Screen::of_path(&i.path).index();
        match i.severity {
            Severity::Error => m.0[at] = true,
            Severity::Warning => m.1[at] = true,
        }
    }
    m
}

/// No next issue in a path's chain.
const END: u32 = u32::MAX;

/// The issues of each path as a chain through `next`, keyed by a hash of the path (no path is
/// copied). Two paths with one hash are noticed when the index is built and make lookups scan.
#[derive(Clone, Debug, Default)]
struct PathIndex {
    /// Path hash → (first issue, last issue, worst issue) of that path.
    by_path: HashMap<u64, (u32, u32, u32), BuildHasherDefault<Prehashed>>,
    /// The next issue of the same path, or `END`.
    next: Vec<u32>,
    collided: bool,
}

impl PathIndex {
    fn build(issues: &[Issue]) -> Self {
        let mut ix = PathIndex {
            by_path: HashMap::with_capacity_and_hasher(issues.len(), Default::default()),
            next: vec![END; issues.len()],
            collided: false,
        };
        for (i, issue) in issues.iter().enumerate() {
            let i = i as u32;
            match ix.by_path.get_mut(&path_hash(&issue.path)) {
                None => {
                    ix.by_path.insert(path_hash(&issue.path), (i, i, i));
                }
                Some((first, last, worst)) => {
                    if issues[*first as usize].path != issue.path {
                        ix.collided = true;
                        return ix;
                    }
                    ix.next[*last as usize] = i;
                    *last = i;
                    if issue.severity < issues[*worst as usize].severity {
                        *worst = i;
                    }
                }
            }
        }
        ix
    }
}

/// The map's keys are hashes already.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes
            .iter()
            .fold(self.0, |h, b| h.rotate_left(8) ^ u64::from(*b));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// FNV-1a: short paths, hashed once per issue per validation and once per lookup.
fn path_hash(path: &str) -> u64 {
    path.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The issues of one path, in validation order.
pub struct IssuesAt<'a> {
    issues: &'a [Issue],
    next: &'a [u32],
    path: &'a str,
    /// The chain's next issue, or (scanning) the next index to look at.
    at: u32,
    scan: bool,
}

impl<'a> Iterator for IssuesAt<'a> {
    type Item = &'a Issue;

    fn next(&mut self) -> Option<&'a Issue> {
        if self.scan {
            let rest = self.issues.get(self.at as usize..)?;
            let k = rest.iter().position(|i| i.path == self.path)?;
            self.at += k as u32 + 1;
            return rest.get(k);
        }
        let issue = self.issues.get(self.at as usize)?;
        self.at = self.next[self.at as usize];
        Some(issue)
    }
}

impl Form {
    pub fn new(task: CollectionTask) -> Self {
        let mut f = Form::deferred(task);
        f.check();
        f
    }

    /// A form whose task is not validated until `check` (nor by edits before it): the TUI draws
    /// its first frame before validating a big task file, and checks before it handles a message.
    pub fn deferred(task: CollectionTask) -> Self {
        Form {
            task,
            issues: Vec::new(),
            errors: 0,
            warnings: 0,
            screen_errors: [false; Screen::ALL.len()],
            screen_warnings: [false; Screen::ALL.len()],
            revision: 0,
            touched: HashSet::new(),
            index: PathIndex::default(),
            checked: false,
            source_part: 0..0,
            source_marks: Marks::default(),
        }
    }

    /// Validates a deferred form (the revision stays: nothing was edited); a no-op once checked.
    pub fn check(&mut self) {
        if !self.checked {
            self.checked = true;
            self.validate(false);
        }
    }

    /// Whether the issues are computed (false only between `deferred` and `check`).
    pub fn checked(&self) -> bool {
        self.checked
    }

    pub fn task(&self) -> &CollectionTask {
        &self.task
    }

    /// Changes the task; the issues are recomputed before this returns.
    pub fn edit<R>(&mut self, change: impl FnOnce(&mut CollectionTask) -> R) -> R {
        let r = change(&mut self.task);
        self.revalidate(false);
        r
    }

    /// Changes the one field at `path`: as `edit`, but a field outside the source part
    /// (`task_config` and `data_source_type`) keeps that part's issues from the last validation,
    /// so typing a name into a task with 100,000 tables does not check the tables again.
    pub fn edit_field<R>(
        &mut self,
        path: &str,
        change: impl FnOnce(&mut CollectionTask) -> R,
    ) -> R {
        let r = change(&mut self.task);
        self.revalidate(!in_source_part(path));
        r
    }

    /// Puts `task` in the form (a file, a draft, a template) and returns the one it replaced.
    pub fn replace(&mut self, task: CollectionTask) -> CollectionTask {
        let old = std::mem::replace(&mut self.task, task);
        self.revalidate(false);
        old
    }

    /// Puts a profile's defaults into every field the user has not touched. Defaults that change
    /// nothing leave the issues and the revision as they are.
    pub fn apply_defaults(&mut self, defaults: &crate::store::FormDefaults) {
        let touched = &self.touched;
        let filled = defaults.apply_where(&mut self.task, |path| !touched.contains(path));
        if !filled.is_empty() {
            self.revalidate(false);
        }
    }

    /// The profile (the context) changed from one whose defaults were `old` to one whose defaults
    /// are `new`: every field that `old` filled and the user has not touched follows `new`, or,
    /// where `new` has no value for it, goes back to the template's placeholder (an error until it
    /// is filled) or away. Returns the paths put back (`reset`) and the paths `new` filled.
    pub fn switch_defaults<'a>(
        &mut self,
        old: &'a crate::store::FormDefaults,
        new: &'a crate::store::FormDefaults,
    ) -> (Vec<&'static str>, Vec<&'static str>) {
        use crate::task::Typed;
        use serde_json::Value;
        let given = |v: Option<&'a str>| v.filter(|v| !v.is_empty());
        // What `old` gave and `new` does not: the only fields that may go back to the template.
        let dropped: Vec<(&'static str, &str)> = old
            .pairs()
            .into_iter()
            .zip(new.pairs())
            .filter_map(|((path, was), (_, now))| {
                Some((path, given(was)?)).filter(|_| given(now).is_none())
            })
            .collect();
        let config_dropped: Vec<(&'static str, &'static str, &str)> = old
            .config_pairs()
            .into_iter()
            .zip(new.config_pairs())
            .zip([
                "task_config.data_connection_id",
                "task_config.data_connection_name",
            ])
            .filter_map(|(((key, was), (_, now)), path)| {
                Some((key, path, given(was)?)).filter(|_| given(now).is_none())
            })
            .collect();
        let mut reset = Vec::new();
        if !dropped.is_empty() || !config_dropped.is_empty() {
            // The template of the task's type (parsed only here: not at start, where `old` is empty).
            let kind = self
                .task
                .text("data_source_type")
                .unwrap_or("DLI")
                .to_string();
            let template = crate::task::templates::template(&kind)
                .or_else(|| crate::task::templates::template("DLI"))
                .unwrap_or_default();
            for (path, was) in dropped {
                // Untouched, still the old default, and not what the template holds anyway.
                if self.touched.contains(path)
                    || self.task.text(path) != Some(was)
                    || template.text(path) == Some(was)
                {
                    continue;
                }
                let back = template.text(path).map(|t| Typed::Valid(t.to_string()));
                if let Some(slot) = self.task.text_field_mut(path) {
                    *slot = back;
                    reset.push(path);
                }
            }
            let template_config = match &template.task_config {
                Some(Typed::Valid(m)) => Some(m),
                _ => None,
            };
            if let Some(Typed::Valid(config)) = self.task.task_config.as_mut() {
                for (key, path, was) in config_dropped {
                    let back = template_config.and_then(|t| t.get(key));
                    if self.touched.contains(path)
                        || config.get(key).and_then(Value::as_str) != Some(was)
                        || back.and_then(Value::as_str) == Some(was)
                    {
                        continue;
                    }
                    match back {
                        Some(v) => config.insert(key.to_string(), v.clone()),
                        None => config.remove(key),
                    };
                    reset.push(path);
                }
            }
        }
        let touched = &self.touched;
        let filled = new.apply_where(&mut self.task, |path| !touched.contains(path));
        if !reset.is_empty() || !filled.is_empty() {
            self.revalidate(false);
        }
        (reset, filled)
    }

    /// A new revision, validated (unless deferred); `keep_source` as in `validate`.
    fn revalidate(&mut self, keep_source: bool) {
        self.revision += 1;
        if self.checked {
            self.validate(keep_source);
        }
    }

    /// Finds the issues again; `keep_source` hands the source part's back unchanged (the caller
    /// knows neither `task_config` nor `data_source_type` changed).
    fn validate(&mut self, keep_source: bool) {
        let mut previous = std::mem::take(&mut self.issues);
        let kept: Option<Vec<Issue>> = (keep_source && self.source_part.end <= previous.len())
            .then(|| previous.drain(self.source_part.clone()).collect());
        let source_kept = kept.is_some();
        let (issues, source_part) = validate_keeping(&self.task, previous, kept);
        self.issues = issues;
        self.source_part = source_part;
        self.errors = self
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count();
        self.warnings = self.issues.len() - self.errors;
        if !source_kept {
            self.source_marks = marks(&self.issues[self.source_part.clone()]);
        }
        let before = marks(&self.issues[..self.source_part.start]);
        let after = marks(&self.issues[self.source_part.end..]);
        for s in 0..Screen::ALL.len() {
            self.screen_errors[s] = before.0[s] || self.source_marks.0[s] || after.0[s];
            self.screen_warnings[s] = before.1[s] || self.source_marks.1[s] || after.1[s];
        }
        self.index = PathIndex::build(&self.issues);
    }

    /// The issues of one path.
    pub fn issues_at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Issue> + 'a {
        let scan = self.index.collided;
        let at = match self.index.by_path.get(&path_hash(path)) {
            _ if scan => 0,
            Some(&(first, _, _)) if self.issues[first as usize].path == path => first,
            _ => END,
        };
        IssuesAt {
            issues: &self.issues,
            next: &self.index.next,
            path,
            at,
            scan,
        }
    }

    /// The worst issue of one path (errors before warnings; the first of those).
    pub fn worst_at(&self, path: &str) -> Option<&Issue> {
        if self.index.collided {
            return self
                .issues
                .iter()
                .filter(|i| i.path == path)
                .min_by_key(|i| i.severity);
        }
        let &(_, _, worst) = self.index.by_path.get(&path_hash(path))?;
        self.issues.get(worst as usize).filter(|i| i.path == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::{Typed, templates};

    fn issue(path: &str, severity: Severity) -> Issue {
        Issue {
            path: path.into(),
            severity,
            message: String::new(),
        }
    }

    /// The index answers what a scan of every issue answers, for every path, colliding or not.
    #[test]
    fn the_path_index_agrees_with_a_scan() {
        let mut task = templates::template("DLI").unwrap_or_default();
        if let Some(Typed::Valid(cfg)) = task.task_config.as_mut() {
            for i in 0..50 {
                cfg.insert(format!("k{i}"), serde_json::Value::String("<x>".into()));
            }
        }
        let mut f = Form::new(task);
        f.issues.push(issue("name", Severity::Warning));
        f.issues.push(issue("task_config.k3", Severity::Error));
        for collided in [false, true] {
            f.index = PathIndex::build(&f.issues);
            f.index.collided = collided;
            let mut paths: Vec<&str> = f.issues.iter().map(|i| i.path.as_str()).collect();
            paths.push("no.such.path");
            for p in paths {
                let scan: Vec<&Issue> = f.issues.iter().filter(|i| i.path == p).collect();
                assert_eq!(f.issues_at(p).collect::<Vec<_>>(), scan, "{p}");
                let worst = f
                    .issues
                    .iter()
                    .filter(|i| i.path == p)
                    .min_by_key(|i| i.severity);
                assert_eq!(f.worst_at(p), worst, "{p}");
            }
        }
        assert_eq!(
            f.worst_at("task_config.k3").map(|i| i.severity),
            Some(Severity::Error)
        );
    }

    /// A deferred form computes nothing until `check`, edits before it included, and `check` is
    /// not an edit: the revision (which drafts and the replace offer compare) stays.
    #[test]
    fn a_deferred_form_validates_at_check_without_a_new_revision() {
        let task = templates::template("DLI").unwrap_or_default();
        let mut f = Form::deferred(task.clone());
        assert!(!f.checked() && f.issues.is_empty() && f.errors == 0);
        f.edit(|t| t.name = Some(Typed::Valid("<still a placeholder>".into())));
        assert!(
            f.issues.is_empty(),
            "an edit before check does not validate"
        );
        let revision = f.revision;
        f.check();
        assert!(f.checked());
        assert_eq!(f.revision, revision);
        let mut edited = Form::new(task);
        edited.edit(|t| t.name = Some(Typed::Valid("<still a placeholder>".into())));
        assert!(edited.errors > 0);
        assert_eq!(f.issues, edited.issues);
        assert_eq!((f.errors, f.warnings), (edited.errors, edited.warnings));
        assert_eq!(f.screen_errors, edited.screen_errors);
        f.check();
        assert_eq!(f.revision, revision, "a second check is a no-op");
    }

    /// An edit of one field outside the source part keeps that part's issues, and comes out as a
    /// whole validation would; an edit of data_source_type finds them again.
    #[test]
    fn an_edit_outside_task_config_keeps_its_issues_and_agrees_with_a_whole_validation() {
        let mut task = templates::template("DLI").unwrap_or_default();
        if let Some(Typed::Valid(cfg)) = task.task_config.as_mut() {
            for i in 0..20 {
                cfg.insert(
                    format!("unknown_{i}"),
                    serde_json::Value::String("<x>".into()),
                );
            }
        }
        let mut f = Form::new(task);
        let whole = |f: &Form| Form::new(f.task().clone());
        for (path, text) in [
            ("name", "n1"),
            ("description", "<a placeholder>"),
            ("data_source_type", "HIVE"),
            ("data_source_type", "DLI"),
            ("name", ""),
        ] {
            let revision = f.revision;
            f.edit_field(path, |t| {
                let slot = t.text_field_mut(path).expect("a text field");
                *slot = (!text.is_empty()).then(|| Typed::Valid(text.to_string()));
            });
            assert_eq!(f.revision, revision + 1);
            let w = whole(&f);
            assert_eq!(f.issues, w.issues, "after {path} = {text:?}");
            assert_eq!((f.errors, f.warnings), (w.errors, w.warnings));
            assert_eq!(f.source_part, w.source_part);
            assert_eq!(
                (f.screen_errors, f.screen_warnings),
                (w.screen_errors, w.screen_warnings),
                "the tab markers after {path} = {text:?}"
            );
            assert!(
                f.issues[f.source_part.clone()]
                    .iter()
                    .all(|i| in_source_part(&i.path)),
                "{:?}",
                &f.issues[f.source_part.clone()]
            );
        }
        assert!(
            f.warnings >= 20 && f.errors >= 20,
            "the unknown keys are still found"
        );
    }
}
