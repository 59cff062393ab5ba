//! Starter tasks, one per data source type, embedded from `assets/templates/<TYPE>.json`. DLI carries
//! the confirmed keys; every other type starts from DLI's shape, which the catalog help marks as
//! unconfirmed. Pure, no IO.

use super::model::CollectionTask;
use super::taskfile;

macro_rules! templates {
    ($($code:literal),* $(,)?) => {
        /// `(data_source_type, template text)` in the order the console lists the types.
        pub const TEMPLATES: &[(&str, &str)] = &[
            $(($code, include_str!(concat!("../../assets/templates/", $code, ".json")))),*
        ];
    };
}

templates![
    "DLI",
    "DWS",
    "HIVE",
    "HBASE",
    "MYSQL",
    "POSTGRESQL",
    "ORACLE",
    "OBS",
    "CSS",
    "GES"
];

/// The template text for a type, matched without regard to case.
pub fn template_text(code: &str) -> Option<&'static str> {
    TEMPLATES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, text)| *text)
}

/// The template as a task.
pub fn template(code: &str) -> Option<CollectionTask> {
    taskfile::parse(template_text(code)?).ok().map(|f| f.task)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::fields::SOURCE_TYPES;
    use crate::task::validate::{Severity, has_errors, validate};

    #[test]
    fn every_template_validates_once_its_placeholders_are_filled() {
        assert_eq!(TEMPLATES.len(), SOURCE_TYPES.len());
        for s in SOURCE_TYPES {
            let task = template(s.code).unwrap_or_else(|| panic!("no template for {}", s.code));
            let issues = validate(&task);
            let errors: Vec<_> = issues
                .iter()
                .filter(|i| i.severity == Severity::Error)
                .collect();
            let text = template_text(s.code).unwrap_or_default();
            assert_eq!(
                errors.is_empty(),
                !text.contains("\"<"),
                "{}: the placeholders, and only they, are errors: {errors:?}",
                s.code
            );
            assert!(
                errors.iter().all(|i| i.message.contains("placeholder")),
                "{}: {errors:?}",
                s.code
            );
            // No template names a user: an empty user_id is filled from the profile or IAM.
            assert!(task.text("user_id").is_none(), "{}", s.code);
            let filled = text
                .replace("<data connection id>", "c1")
                .replace("<data connection name>", "n1");
            assert!(!filled.contains('<'), "{}: an unknown placeholder", s.code);
            let task = taskfile::parse(&filled).unwrap().task;
            let issues = validate(&task);
            assert!(!has_errors(&issues), "{}: {issues:?}", s.code);
            assert_eq!(task.text("data_source_type"), Some(s.code));
        }
    }

    #[test]
    fn lookup_ignores_case() {
        assert!(template_text("dli").is_some());
        assert!(template_text("nope").is_none());
    }
}
