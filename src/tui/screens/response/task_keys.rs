//! The Response screen's task keys: run the created task now, start its schedule, open it in the
//! Tasks tab. The runs are the Tasks tab's effects; opening asks the Tasks tab to select it.

use crate::api::TaskAction;
use crate::tui::action::{Action, TaskKey};
use crate::tui::msg::Effect;
use crate::tui::screens::tasks::io::TasksEffect;
use crate::tui::state::{AppState, Screen};

/// A task key on the Response screen; `None`: not one.
pub fn act(s: &mut AppState, a: Action) -> Option<Vec<Effect>> {
    let Action::Tasks(k) = a else {
        return None;
    };
    let Some(id) = s.response.as_ref().and_then(|r| r.outcome.task_id.clone()) else {
        s.warn("no task was created: nothing to run");
        return Some(Vec::new());
    };
    let Some(context) = s.context.clone() else {
        s.warn("the profile is not ready: see the Profiles tab");
        return Some(Vec::new());
    };
    let action = match k {
        TaskKey::RunNow => TaskAction::RunImmediate,
        TaskKey::Start => TaskAction::Run,
        _ => {
            s.tasks.open(id);
            s.go(Screen::Tasks);
            return Some(Vec::new());
        }
    };
    Some(vec![Effect::Tasks(TasksEffect::Act {
        context,
        id,
        action,
    })])
}
