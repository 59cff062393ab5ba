//! `Form`: the task being edited and what is derived from it (issues, counts, the screens with an
//! error, a revision number). The task can only be changed through `edit` (or `replace`), which
//! revalidates before it returns, so no caller has to remember to. Pure.

use std::collections::HashSet;

use super::state::Screen;
use crate::task::{CollectionTask, Issue, Severity, validate};

#[derive(Clone, Debug)]
pub struct Form {
    task: CollectionTask,
    pub issues: Vec<Issue>,
    pub errors: usize,
    pub warnings: usize,
    /// Which screens hold an error (tab markers), by `Screen::index`.
    pub screen_errors: [bool; Screen::ALL.len()],
    /// Bumped on every edit; caches (cron preview, Review) compare against it.
    pub revision: u64,
    /// Catalog paths the user has edited: profile defaults never overwrite them.
    pub touched: HashSet<String>,
}

impl Form {
    pub fn new(task: CollectionTask) -> Self {
        let mut f = Form {
            task,
            issues: Vec::new(),
            errors: 0,
            warnings: 0,
            screen_errors: [false; Screen::ALL.len()],
            revision: 0,
            touched: HashSet::new(),
        };
        f.revalidate();
        f
    }

    pub fn task(&self) -> &CollectionTask {
        &self.task
    }

    /// Changes the task; the issues are recomputed before this returns.
    pub fn edit<R>(&mut self, change: impl FnOnce(&mut CollectionTask) -> R) -> R {
        let r = change(&mut self.task);
        self.revalidate();
        r
    }

    /// Puts `task` in the form (a file, a draft, a template) and returns the one it replaced.
    pub fn replace(&mut self, task: CollectionTask) -> CollectionTask {
        let old = std::mem::replace(&mut self.task, task);
        self.revalidate();
        old
    }

    /// Puts a profile's defaults into every field the user has not touched.
    pub fn apply_defaults(&mut self, defaults: &crate::store::FormDefaults) {
        let touched = &self.touched;
        defaults.apply_where(&mut self.task, |path| !touched.contains(path));
        self.revalidate();
    }

    fn revalidate(&mut self) {
        self.revision += 1;
        self.issues = validate(&self.task);
        self.errors = self
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count();
        self.warnings = self.issues.len() - self.errors;
        self.screen_errors = [false; Screen::ALL.len()];
        for i in self.issues.iter().filter(|i| i.severity == Severity::Error) {
            self.screen_errors[Screen::of_path(&i.path).index()] = true;
        }
    }

    /// The issues of one path.
    pub fn issues_at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Issue> + 'a {
        self.issues.iter().filter(move |i| i.path == path)
    }

    /// The worst issue of one path (errors before warnings).
    pub fn worst_at(&self, path: &str) -> Option<&Issue> {
        self.issues
            .iter()
            .filter(|i| i.path == path)
            .min_by_key(|i| i.severity)
    }
}
