//! The Response screen's task keys: run the created task now, start its schedule, open it in the
//! Tasks tab. The runs are the Tasks tab's effects; opening asks the Tasks tab to select it.

use super::ResponseView;
use crate::api::TaskAction;
use crate::tui::action::{Action, TaskKey};
use crate::tui::msg::Effect;
use crate::tui::screens::tasks::io::TasksEffect;
use crate::tui::shell::{Request, Shell};

/// A task key on the Response screen showing `r`; `false`: not one.
pub fn act(r: Option<&ResponseView>, sh: &mut Shell, a: Action) -> bool {
    let Action::Tasks(k) = a else {
        return false;
    };
    let Some(id) = r.and_then(|r| r.outcome.task_id.clone()) else {
        sh.warn("no task was created: nothing to run");
        return true;
    };
    let Some(context) = sh.ready() else {
        return true;
    };
    let action = match k {
        TaskKey::RunNow => TaskAction::RunImmediate,
        TaskKey::Start => TaskAction::Run,
        _ => {
            sh.request(Request::ShowTask(id));
            return true;
        }
    };
    sh.effect(Effect::Tasks(TasksEffect::Act {
        context,
        id,
        action,
    }));
    true
}
