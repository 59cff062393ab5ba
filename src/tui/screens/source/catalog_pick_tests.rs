//! The pickers' flows through `update`: which listing a row asks for, the cache, database-first,
//! Esc, keys kept from the screen below, and the connection-type warning.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::*;
use crate::app::catalog::Connection;
use crate::tui::update::tests::{key, sandbox_state};
use crate::tui::update::update;

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn on_source(config: Value, ty: &str) -> AppState {
    let mut s = sandbox_state();
    s.form.edit(|t| {
        t.data_source_type = Some(Typed::Valid(ty.into()));
        t.task_config = Some(Typed::Valid(
            config.as_object().cloned().unwrap_or_default(),
        ));
    });
    s.go(Screen::Source);
    s.source.sel = 0;
    s
}

fn listed(s: &mut AppState, fx: &[Effect], result: Result<Listed, Report>) {
    let Some(Effect::Catalog(CatalogEffect::List {
        generation, query, ..
    })) = fx.first()
    else {
        panic!("no listing asked for: {fx:?}")
    };
    let profile = s.target.profile.clone();
    update(
        s,
        Msg::Catalog(CatalogMsg::Listed {
            generation: *generation,
            profile,
            query: query.clone(),
            result,
        }),
    );
}

fn conn(name: &str, id: &str, kind: &str) -> Connection {
    Connection {
        id: id.into(),
        name: name.into(),
        kind: kind.into(),
        description: String::new(),
    }
}

#[test]
fn databases_merge_and_the_second_open_comes_from_the_cache() {
    let mut s = on_source(
        json!({"databaseName": ["b"], "data_connection_id": "c1"}),
        "DLI",
    );
    let fx = update(&mut s, ctrl('o'));
    let Some(Effect::Catalog(CatalogEffect::List { query, .. })) = fx.first() else {
        panic!("{fx:?}")
    };
    assert_eq!(
        query,
        &Query::Databases {
            connection: "c1".into()
        }
    );
    listed(
        &mut s,
        &fx,
        Ok(Listed::Databases(vec!["a".into(), "b".into(), "c".into()])),
    );
    // Typed characters filter the picker, never the row below.
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE)),
    );
    assert_eq!(s.modals.picker().map(|m| m.picker.match_count()), Some(1));
    update(&mut s, ctrl('a'));
    update(&mut s, key(KeyCode::Backspace));
    update(&mut s, key(KeyCode::Home));
    update(&mut s, key(KeyCode::Char(' ')));
    update(&mut s, key(KeyCode::Enter));
    assert!(s.modals.picker().is_none());
    // Kept first, then the new ones in the listing's order, no duplicate of "b".
    assert_eq!(
        source::config(&s).unwrap()["databaseName"],
        json!(["b", "a", "c"])
    );
    let fx = update(&mut s, ctrl('o'));
    assert!(fx.is_empty(), "cached: {fx:?}");
    assert_eq!(s.modals.picker().map(|m| m.picker.items().len()), Some(3));
    let fx = update(&mut s, key(KeyCode::F(5)));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Catalog(CatalogEffect::List { .. }))),
        "{fx:?}"
    );
    update(&mut s, key(KeyCode::Esc));
    assert!(s.modals.picker().is_none());
    assert_eq!(
        source::config(&s).unwrap()["databaseName"],
        json!(["b", "a", "c"])
    );
}

#[test]
fn tables_without_databases_ask_for_a_database_first() {
    let mut s = on_source(
        json!({"tableName": [], "data_connection_name": "dli_test"}),
        "DLI",
    );
    let fx = update(&mut s, ctrl('o'));
    listed(&mut s, &fx, Ok(Listed::Databases(vec!["sales".into()])));
    let fx = update(&mut s, key(KeyCode::Enter));
    let Some(Effect::Catalog(CatalogEffect::List { query, .. })) = fx.first() else {
        panic!("{fx:?}")
    };
    assert_eq!(
        query,
        &Query::Tables {
            connection: "dli_test".into(),
            databases: vec!["sales".into()]
        }
    );
    listed(
        &mut s,
        &fx,
        Ok(Listed::Tables(vec![
            "sales.orders".into(),
            "sales.refunds".into(),
        ])),
    );
    update(&mut s, key(KeyCode::Down));
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(
        source::config(&s).unwrap()["tableName"],
        json!(["sales.refunds"])
    );
}

#[test]
fn an_error_stays_in_the_picker_and_esc_changes_nothing() {
    let mut s = on_source(
        json!({"data_connection_name": "x", "data_connection_id": "y"}),
        "OBS",
    );
    let before = s.task().clone();
    let fx = update(&mut s, ctrl('o'));
    let Some(Effect::Catalog(CatalogEffect::List { query, .. })) = fx.first() else {
        panic!("{fx:?}")
    };
    assert_eq!(
        query,
        &Query::Connections { kind: None },
        "an unmapped type lists all"
    );
    let r = Report {
        code: Some("APIG.0301".into()),
        message: "no".into(),
        ..Default::default()
    };
    listed(&mut s, &fx, Err(r.clone()));
    assert_eq!(
        s.modals.picker().map(|m| m.picker.status.clone()),
        Some(crate::tui::picker::Status::Failed(r))
    );
    update(&mut s, key(KeyCode::Enter));
    let fx = update(&mut s, key(KeyCode::Esc));
    assert!(
        matches!(
            fx.as_slice(),
            [Effect::Catalog(CatalogEffect::Cancel { .. })]
        ),
        "{fx:?}"
    );
    assert_eq!(s.task(), &before);
}

#[test]
fn a_connection_of_another_type_is_flagged_when_the_type_changes() {
    let mut s = on_source(json!({"data_connection_name": "dws_finance"}), "DWS");
    let fx = update(&mut s, ctrl('o'));
    listed(
        &mut s,
        &fx,
        Ok(Listed::Connections(vec![conn("dws_finance", "d1", "DWS")])),
    );
    update(&mut s, key(KeyCode::Esc));
    s.form
        .edit(|t| t.data_source_type = Some(Typed::Valid("DLI".into())));
    let fx = update(&mut s, key(KeyCode::Left));
    assert!(
        fx.iter().any(|e| matches!(
            e,
            Effect::Catalog(CatalogEffect::List {
                query: Query::Connections { kind: None },
                ..
            })
        )),
        "{fx:?}"
    );
    listed(
        &mut s,
        &fx,
        Ok(Listed::Connections(vec![conn("dws_finance", "d1", "DWS")])),
    );
    let n = s.notice.clone().unwrap();
    assert!(n.warn && n.text.contains("is a DWS connection"), "{n:?}");
}

/// The picker modal at both sizes, listed and filtered.
#[test]
fn the_picker_modal_at_both_sizes() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut s = on_source(
            json!({"databaseName": [], "data_connection_id": "c1"}),
            "DLI",
        );
        update(&mut s, Msg::Resize(w, h));
        let fx = update(&mut s, ctrl('o'));
        let names = (0..40).map(|i| format!("sales_{i:02}")).collect();
        listed(&mut s, &fx, Ok(Listed::Databases(names)));
        update(&mut s, key(KeyCode::Char('1')));
        insta::assert_snapshot!(
            format!("modal_picker_{w}x{h}"),
            crate::tui::view::render_text(&s, w, h)
        );
    }
}

#[test]
fn a_listing_over_the_cache_cap_is_freed_when_its_picker_closes() {
    let mut s = on_source(
        json!({"databaseName": [], "data_connection_id": "c1"}),
        "DLI",
    );
    let fx = update(&mut s, ctrl('o'));
    let fat: Vec<String> = (0..9)
        .map(|i| format!("{i}{}", "d".repeat(1024 * 1024)))
        .collect();
    listed(&mut s, &fx, Ok(Listed::Databases(fat)));
    assert_eq!(s.modals.picker().map(|m| m.picker.items().len()), Some(9));
    update(&mut s, key(KeyCode::Esc));
    assert!(s.modals.picker().is_none());
    assert!(
        s.catalog.cache.is_empty(),
        "nothing of it is held after Esc"
    );
    let fx = update(&mut s, ctrl('o'));
    assert!(!fx.is_empty(), "opened again, it is listed again: {fx:?}");
    listed(&mut s, &fx, Ok(Listed::Databases(vec!["small".into()])));
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.catalog.cache.len(), 1, "a small listing stays cached");
}

#[test]
fn server_text_in_a_picker_is_shown_escaped() {
    let mut s = on_source(
        json!({"databaseName": [], "data_connection_id": "c1"}),
        "DLI",
    );
    update(&mut s, Msg::Resize(100, 30));
    let fx = update(&mut s, ctrl('o'));
    let evil = "db\u{1b}]0;title\u{7}\u{202e}gpj.exe\u{200b}".to_string();
    listed(&mut s, &fx, Ok(Listed::Databases(vec![evil])));
    let screen = crate::tui::view::render_text(&s, 100, 30);
    assert!(
        screen.contains("db\\u001b]0;title\\u0007\\u202egpj.exe\\u200b"),
        "{screen}"
    );
    // F5 lists again; this time the service fails with controls in its answer.
    let fx: Vec<Effect> = update(&mut s, key(KeyCode::F(5)))
        .into_iter()
        .filter(|e| matches!(e, Effect::Catalog(CatalogEffect::List { .. })))
        .collect();
    let bad = Report {
        message: "HTTP 400 \u{1b}[2J\u{202e}cleared".into(),
        code: Some("DLG.\u{9b}1".into()),
        ..Report::default()
    };
    listed(&mut s, &fx, Err(bad));
    let screen = crate::tui::view::render_text(&s, 100, 30);
    assert!(screen.contains("\\u001b[2J\\u202ecleared"), "{screen}");
    assert!(screen.contains("DLG.\\u009b1"), "{screen}");
}
