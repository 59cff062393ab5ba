//! The drafts modals: the restore offer for unsent changes of sessions that ended (restore, discard,
//! decide later) and the drafts list (open, delete after a y/n). Opening either into a form that
//! holds changes asks first (`replace`).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{Answer, Confirm, Handled, Modal, Yes};
use crate::store::drafts::Draft;
use crate::tui::msg::Effect;
use crate::tui::replacement::Replacement;
use crate::tui::state::drafts::DraftList;
use crate::tui::store_msg::StoreEffect;
use crate::tui::view::style::{Role, fit, pad, style as st};
use ratatui::Frame;

pub fn offer_key(mut offers: Vec<Draft>, k: &KeyEvent) -> Handled {
    let rest = |offers: Vec<Draft>| (!offers.is_empty()).then_some(Modal::Restore(offers));
    let (effects, then) = match k.code {
        KeyCode::Char('r' | 'R') | KeyCode::Enter => {
            let d = offers.remove(0);
            (Vec::new(), Answer::Replace(Box::new(Replacement::Draft(d))))
        }
        KeyCode::Char('d' | 'D') => {
            let d = offers.remove(0);
            let said = format!("discarded the unsent changes to {}", d.task_name());
            let delete = Effect::Store(StoreEffect::DeleteDraft { name: d.name });
            (vec![delete], Answer::Notice(said))
        }
        KeyCode::Esc => {
            let d = offers.remove(0);
            let said = format!(
                "kept the unsent changes to {} for later (F3 lists them)",
                d.task_name()
            );
            (Vec::new(), Answer::Notice(said))
        }
        _ => return Handled::stay(Modal::Restore(offers)),
    };
    Handled {
        keep: rest(offers),
        effects,
        then: Some(then),
    }
}

pub fn list_key(mut l: DraftList, k: &KeyEvent) -> Handled {
    match k.code {
        KeyCode::Esc | KeyCode::F(3) => return Handled::close(Vec::new()),
        KeyCode::Down | KeyCode::Tab => l.sel = (l.sel + 1).min(l.items.len().saturating_sub(1)),
        KeyCode::Up | KeyCode::BackTab => l.sel = l.sel.saturating_sub(1),
        KeyCode::Char('d') | KeyCode::Delete if !l.items.is_empty() => {
            let name = l.items[l.sel].name.clone();
            let ask = Confirm::new(
                " Delete the draft? ",
                format!(
                    "Delete the draft {:?}? (y/n)\n\ny / Enter: delete   n / Esc: keep",
                    l.items[l.sel].task_name()
                ),
                Yes::DeleteDraft(name),
            )
            .enter_is_yes()
            .no_says("kept the draft");
            return Handled {
                then: Some(Answer::Ask(ask)),
                ..Handled::stay(Modal::Drafts(l))
            };
        }
        KeyCode::Enter => {
            let Some(d) = l.items.get(l.sel).cloned() else {
                return Handled::stay(Modal::Drafts(l));
            };
            return Handled::answer(Answer::Replace(Box::new(Replacement::Draft(d))));
        }
        _ => {}
    }
    Handled::stay(Modal::Drafts(l))
}

fn boxed(area: Rect, w: u16, h: u16) -> Rect {
    let w = area.width.min(w);
    let h = area.height.saturating_sub(2).min(h);
    Rect::new((area.width - w) / 2, 3.min(area.height - h), w, h)
}

/// The restore offer for the first of `offers`.
pub fn render_offer(no_color: bool, offers: &[Draft], f: &mut Frame, area: Rect) {
    let Some(d) = offers.first() else {
        return;
    };
    let r = boxed(area, 70, 9);
    let more = match offers.len() {
        1 => String::new(),
        n => format!(" ({} more after this one)", n - 1),
    };
    let when = |t: &str| t.chars().take(19).collect::<String>().replace('T', " ");
    let sent = crate::tui::sent_check::sent_of(d);
    let text = match &sent {
        Some((id, at)) => format!(
            "A session that ended had SENT the task {:?} (at {} UTC, History #{id}) and never \
             saw the answer: it may have been created{more}.\n\n\
             r / Enter: restore it (Ctrl-S checks first)   d: discard   Esc: decide later",
            d.task_name(),
            when(at),
        ),
        None => format!(
            "A session that ended left unsent changes to the task {:?} (saved {}){more}.\n\n\
             r / Enter: restore them into the form   d: discard them   Esc: decide later",
            d.task_name(),
            when(&d.updated_at),
        ),
    };
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(if sent.is_some() {
            " Restore a create that was sent? "
        } else {
            " Restore unsent changes? "
        });
    f.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .block(block)
            .style(st(no_color, Role::Label)),
        r,
    );
}

/// The drafts list.
pub fn render_list(no_color: bool, l: &DraftList, f: &mut Frame, area: Rect) {
    let nc = no_color;
    let r = boxed(area, 76, 16);
    let inner_w = usize::from(r.width.saturating_sub(2));
    let rows = usize::from(r.height.saturating_sub(4));
    let mut lines = Vec::new();
    if l.items.is_empty() {
        lines.push(Line::from(Span::styled(
            "No drafts yet: F2 saves the form as a named draft.",
            st(nc, Role::Dim),
        )));
    }
    let top = l.sel.saturating_sub(rows.saturating_sub(1));
    for (i, d) in l.items.iter().enumerate().skip(top).take(rows) {
        let label = if d.is_autosave() {
            "(unsent changes of an ended session)".to_string()
        } else {
            d.name.clone()
        };
        let when = d
            .updated_at
            .chars()
            .take(16)
            .collect::<String>()
            .replace('T', " ");
        let text = pad(
            &format!("{}  {}  {}", pad(&label, 30), when, d.task_name()),
            inner_w,
        );
        let role = if i == l.sel { Role::Focus } else { Role::Label };
        lines.push(Line::from(Span::styled(text, st(nc, role))));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        fit("Enter: open in the form   d: delete   Esc: close", inner_w),
        st(nc, Role::Dim),
    )));
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Drafts (F3) ");
    f.render_widget(Paragraph::new(lines).block(block), r);
}
