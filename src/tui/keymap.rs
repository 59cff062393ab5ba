//! Key → `Action`: the lookup over every key table (`bindings`, then the tabs' own). The footer
//! hints and the help overlay are generated from the same tables, so a key is declared once. Pure:
//! no IO, no state; `update` asks `resolve` what a key means on a screen.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use super::action::{Action, Binding, Scope};
use super::screen::Screen;

pub use super::bindings::BINDINGS;

/// Every binding: the main table, then the Tasks screen's.
pub fn all() -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .chain(crate::tui::screens::tasks::bindings::TASK_BINDINGS.iter())
        .chain(crate::tui::screens::response::bindings::RESPONSE_TASK_BINDINGS.iter())
}
use super::action::SHIFT;
use Action as A;
use KeyCode as K;
use Scope::Global;

fn mods_match(want: KeyModifiers, got: KeyModifiers) -> bool {
    // Shift is implied by some keys (BackTab, upper case) and is not worth distinguishing.
    want.difference(SHIFT) == got.difference(SHIFT)
}

/// A character typed as text: no modifier but Shift (which upper case implies).
pub fn is_typed_character(k: &KeyEvent) -> bool {
    matches!(k.code, K::Char(_)) && (k.modifiers - SHIFT).is_empty()
}

/// What a key means on a screen; `None` means it is text for the focused field. A typed character
/// where text has focus is text without a look at the tables: no table binds one there but Space on
/// Schedule, whose action types the space into a text field anyway (test below).
pub fn resolve(key: &KeyEvent, screen: Screen, text_focused: bool) -> Option<Action> {
    if text_focused && is_typed_character(key) {
        return None;
    }
    if key.code == K::Char('?') && !text_focused {
        return Some(A::Help);
    }
    all()
        .find(|b| b.code == key.code && mods_match(b.mods, key.modifiers) && b.scope.covers(screen))
        .map(|b| b.action)
}

/// The footer's hints for a screen, most specific first.
pub fn footer(screen: Screen) -> impl Iterator<Item = &'static Binding> {
    let specific = all().filter(move |b| b.footer && b.scope != Global && b.scope.covers(screen));
    let global = BINDINGS.iter().filter(|b| b.footer && b.scope == Global);
    specific.chain(global)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::bindings::{CTRL, NONE};

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn ctrl_s_submits_everywhere_and_question_mark_is_text_in_fields() {
        for s in Screen::ALL {
            assert_eq!(resolve(&key(K::Char('s'), CTRL), s, true), Some(A::Submit));
        }
        assert_eq!(resolve(&key(K::Char('?'), NONE), Screen::Task, true), None);
        assert_eq!(
            resolve(&key(K::Char('?'), NONE), Screen::Review, false),
            Some(A::Help)
        );
        assert_eq!(resolve(&key(K::Char('y'), NONE), Screen::Task, true), None);
    }

    #[test]
    fn footer_lists_screen_keys_first() {
        let first = footer(Screen::Response).next().map(|b| b.action);
        assert_eq!(first, Some(A::CopyTaskId));
    }

    #[test]
    fn a_typed_character_has_no_modifier_but_shift() {
        let k = |c, m| key(K::Char(c), m);
        assert!(is_typed_character(&k('a', NONE)));
        assert!(is_typed_character(&k('A', SHIFT)));
        assert!(is_typed_character(&k('字', NONE)));
        assert!(!is_typed_character(&k('s', CTRL)));
        assert!(!is_typed_character(&k('x', KeyModifiers::ALT)));
        assert!(!is_typed_character(&key(K::Enter, NONE)));
    }

    /// `resolve` takes a typed character where text has focus as text without a look at the tables:
    /// right only while no table binds one on a screen with text fields. Space on Schedule is the
    /// one binding, and its action types the space when a text field has focus. (The Tasks and
    /// History filters take every key before the tables.)
    #[test]
    fn no_table_binds_a_typed_character_on_a_screen_with_text_fields() {
        let text_screens = [
            Screen::Task,
            Screen::Schedule,
            Screen::Source,
            Screen::Metadata,
        ];
        for b in all().filter(|b| is_typed_character(&key(b.code, b.mods))) {
            for s in text_screens.into_iter().filter(|s| b.scope.covers(*s)) {
                let space_toggle =
                    s == Screen::Schedule && b.code == K::Char(' ') && b.action == A::Toggle;
                assert!(space_toggle, "{:?} binds {:?} on {s:?}", b.code, b.action);
            }
        }
        assert_eq!(
            resolve(&key(K::Char(' '), NONE), Screen::Schedule, true),
            None
        );
        assert_eq!(
            resolve(&key(K::Char(' '), NONE), Screen::Schedule, false),
            Some(A::Toggle)
        );
    }
}
