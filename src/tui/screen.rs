//! `Screen`: the tabs, in order, and which tab an issue path belongs to. A leaf: every part of
//! the TUI names screens, so this names nothing of the TUI.

/// The screens, in tab order (the first is the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    #[default]
    Task,
    Schedule,
    Source,
    Metadata,
    Review,
    Response,
    History,
    Tasks,
    Profiles,
}

impl Screen {
    pub const ALL: [Screen; 9] = [
        Screen::Task,
        Screen::Schedule,
        Screen::Source,
        Screen::Metadata,
        Screen::Review,
        Screen::Response,
        Screen::History,
        Screen::Tasks,
        Screen::Profiles,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Task => "Task",
            Screen::Schedule => "Schedule",
            Screen::Source => "Source",
            Screen::Metadata => "Metadata",
            Screen::Review => "Review",
            Screen::Response => "Response",
            Screen::Profiles => "Profiles",
            Screen::History => "History",
            Screen::Tasks => "Tasks",
        }
    }

    pub fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn is_form(self) -> bool {
        matches!(
            self,
            Screen::Task | Screen::Schedule | Screen::Source | Screen::Metadata
        )
    }

    /// The screen an issue path belongs to.
    pub fn of_path(path: &str) -> Screen {
        use crate::task::fields::{Group, Kind, field};
        // A path inside an object or a list belongs to the field that holds it. (Once per issue
        // per keystroke: one look-up.)
        let top = path
            .bytes()
            .position(|b| b == b'.' || b == b'[')
            .unwrap_or(path.len());
        let owner = field(&path[..top])
            .filter(|f| top == path.len() || matches!(f.kind, Kind::Json | Kind::Rows));
        match owner.map(|f| f.group) {
            Some(Group::Task | Group::Advanced) => Screen::Task,
            Some(Group::Schedule) => Screen::Schedule,
            Some(Group::Source) => Screen::Source,
            Some(Group::CustomMetadata) => Screen::Metadata,
            None => Screen::Review,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Screen;

    #[test]
    fn an_issue_path_belongs_to_the_screen_of_its_field() {
        for (path, screen) in [
            ("name", Screen::Task),
            ("start_time", Screen::Task),
            ("data_source_type", Screen::Task),
            ("schedule_config", Screen::Schedule),
            ("schedule_config.cron_expression", Screen::Schedule),
            ("schedule_config.unknown", Screen::Schedule),
            ("task_config.tables", Screen::Source),
            ("parameter_config[2].type", Screen::Metadata),
            ("name.old", Screen::Review),
            ("name[0]", Screen::Review),
            ("schedule_configX", Screen::Review),
            ("extra_key", Screen::Review),
        ] {
            assert_eq!(Screen::of_path(path), screen, "{path}");
        }
    }
}
