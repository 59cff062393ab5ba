//! The Profiles screen and profile defaults: the list, the edit form (secrets masked as typed), delete
//! confirmation, and re-applying a profile's defaults to the fields the user has not touched. Pure:
//! loading, saving and testing are effects.

use serde_json::Value;

use super::AppState;
use super::edit::Line;
use crate::task::Typed;
use crate::tui::msg::Secret;

/// A saved profile as the TUI shows and edits it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Profile {
    pub name: String,
    pub endpoint: String,
    pub project_id: String,
    pub workspace: String,
    pub user_id: String,
    pub dir_id: String,
    pub data_connection_id: String,
    pub data_connection_name: String,
    pub token: Secret,
    /// The built-in sandbox (in-process emulator); not saved to disk.
    pub sandbox: bool,
}

/// The form fields of a profile: label and whether it is a secret.
pub const PROFILE_FIELDS: [(&str, bool); 9] = [
    ("Name", false),
    ("Endpoint", false),
    ("Project ID", false),
    ("Workspace", false),
    ("User ID", false),
    ("Directory ID", false),
    ("Data connection ID", false),
    ("Data connection name", false),
    ("Token", true),
];

impl Profile {
    pub fn values(&self) -> [String; 9] {
        [
            self.name.clone(),
            self.endpoint.clone(),
            self.project_id.clone(),
            self.workspace.clone(),
            self.user_id.clone(),
            self.dir_id.clone(),
            self.data_connection_id.clone(),
            self.data_connection_name.clone(),
            self.token.0.clone(),
        ]
    }

    pub fn from_values(v: &[Line]) -> Profile {
        let get = |i: usize| {
            v.get(i)
                .map(|l| l.text.trim().to_string())
                .unwrap_or_default()
        };
        Profile {
            name: get(0),
            endpoint: get(1),
            project_id: get(2),
            workspace: get(3),
            user_id: get(4),
            dir_id: get(5),
            data_connection_id: get(6),
            data_connection_name: get(7),
            token: Secret(get(8)),
            sandbox: false,
        }
    }

    pub fn defaults(&self) -> Defaults {
        Defaults {
            user_id: self.user_id.clone(),
            dir_id: self.dir_id.clone(),
            data_connection_id: self.data_connection_id.clone(),
            data_connection_name: self.data_connection_name.clone(),
        }
    }
}

/// What a profile pre-fills in the form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Defaults {
    pub user_id: String,
    pub dir_id: String,
    pub data_connection_id: String,
    pub data_connection_name: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProfileEdit {
    /// The name being edited, `None` when adding.
    pub original: Option<String>,
    pub fields: Vec<Line>,
    pub focus: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProfilesState {
    pub list: Vec<Profile>,
    pub sel: usize,
    pub confirm_delete: bool,
    pub editing: Option<ProfileEdit>,
    pub test_result: Option<String>,
}

/// Puts the profile's defaults into every field the user has not touched.
pub fn apply_defaults(s: &mut AppState) {
    let d = s.defaults.clone();
    for (path, value) in [("user_id", &d.user_id), ("dir_id", &d.dir_id)] {
        if value.is_empty() || s.touched.contains(path) {
            continue;
        }
        if let Some(slot) = s.task.text_field_mut(path) {
            *slot = Some(Typed::Valid(value.clone()));
        }
    }
    let touched = |k: &str| s.touched.contains(&format!("task_config.{k}"));
    let keys = [
        (
            "data_connection_id",
            &d.data_connection_id,
            touched("data_connection_id"),
        ),
        (
            "data_connection_name",
            &d.data_connection_name,
            touched("data_connection_name"),
        ),
    ];
    if let Some(Typed::Valid(cfg)) = s.task.task_config.as_mut() {
        for (key, value, was_touched) in keys {
            if value.is_empty() || was_touched {
                continue;
            }
            if let Some(v) = cfg.get_mut(key) {
                *v = Value::String(value.clone());
            }
        }
    }
}

/// Opens the edit form on a profile (or an empty one to add).
pub fn start_edit(s: &mut AppState, add: bool) {
    let p = if add {
        Profile::default()
    } else {
        s.profiles
            .list
            .get(s.profiles.sel)
            .cloned()
            .unwrap_or_default()
    };
    s.profiles.editing = Some(ProfileEdit {
        original: (!add).then(|| p.name.clone()),
        fields: p.values().into_iter().map(Line::new).collect(),
        focus: 0,
    });
}

/// Makes a profile the target and re-applies its defaults.
pub fn switch_to(s: &mut AppState, p: &Profile) {
    s.target.profile = p.name.clone();
    s.target.sandbox = p.sandbox;
    s.target.endpoint = p.endpoint.clone();
    s.target.project_id = p.project_id.clone();
    s.target.workspace = p.workspace.clone();
    s.target.token = p.token.clone();
    s.defaults = p.defaults();
    apply_defaults(s);
}
