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
        use crate::task::fields::{Group, field};
        let top = path.split(['.', '[']).next().unwrap_or(path);
        match field(top).map(|f| f.group) {
            Some(Group::Task | Group::Advanced) => Screen::Task,
            Some(Group::Schedule) => Screen::Schedule,
            Some(Group::Source) => Screen::Source,
            Some(Group::CustomMetadata) => Screen::Metadata,
            None => Screen::Review,
        }
    }
}
