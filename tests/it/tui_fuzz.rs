//! Property test of the TUI core: random sequences of every `Msg` (keys of every kind with every
//! modifier, pastes up to 1 MiB of CJK, emoji, right-to-left text, combining marks and control
//! characters, resizes from 0x0 to 1000x300, mouse events, and replies to the effects `update` asked
//! for, out of order, twice, or with stale generations; 1–6 steps a case) go through `update`, and after each one the
//! state is rendered into a `TestBackend` of the terminal's size. Properties: nothing panics, and the
//! frame and buffer are exactly the terminal's size (a write outside the buffer panics in ratatui).
//! 10,000 cases from a fixed ChaCha seed, so CI runs the same cases every time.

use std::time::Instant;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MediaKeyCode,
    ModifierKeyCode, MouseButton, MouseEvent, MouseEventKind,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use ctask::app::Report;
use ctask::store::AuthKind;
use ctask::store::drafts::{Draft, Listing};
use ctask::store::history::{self, Answered, Entry, Sent, Summary};
use ctask::tui::testkit::AppState;
use ctask::tui::testkit::Profile;
use ctask::tui::testkit::update;
use ctask::tui::testkit::{CatalogEffect, CatalogMsg, Listed};
use ctask::tui::testkit::{Effect, Msg, Outcome};
use ctask::tui::testkit::{StoreEffect, StoreMsg};
use ctask::tui::testkit::{TasksEffect, TasksMsg};

/// The fixed seed of the 10,000 cases (32 bytes for ChaCha).
const SEED: [u8; 32] = *b"ctask-tui-fuzz-seed-2030-01-01!!";
const CASES: u32 = 10_000;
/// One case in this many carries a 1 MiB paste.
const BIG_EVERY: u32 = 200;
const MIB: usize = 1 << 20;

/// A text fragment of the kinds users paste and terminals send.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("数据目录任务".to_string()),
        Just("👩‍👩‍👧‍👦🎉🏳️‍🌈".to_string()),
        Just("مرحبا שלום \u{202e}evil\u{202c}".to_string()),
        Just("e\u{301}\u{308}\u{20dd}a\u{0336}".to_string()),
        Just("\u{0}\u{7}\u{8}\u{1b}[2J\u{1b}]0;x\u{7}\t\u{7f}\u{85}\u{2028}\u{9b}".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{200b}\u{feff}\u{ad}".to_string()),
        Just("{\"name\":\"x\",\"schedule_config\":{\"schedule_type\":\"CRON\"}}".to_string()),
        Just("0 0/5 * * * ?".to_string()),
        "[a-z_0-9]{0,12}",
        any::<char>().prop_map(String::from),
        ".{0,16}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..6).prop_map(|v| v.concat())
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        8 => prop::char::range('a', 'z').prop_map(KeyCode::Char),
        3 => prop::sample::select(vec!['?', '/', ' ', '0', '9', 'A', 'Z', '数', '🎉', '\u{301}'])
            .prop_map(KeyCode::Char),
        1 => any::<char>().prop_map(KeyCode::Char),
        4 => prop::sample::select(vec![
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Insert,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
        ]),
        1 => (0u8..=25).prop_map(KeyCode::F),
        1 => prop::sample::select(vec![
            KeyCode::Null,
            KeyCode::CapsLock,
            KeyCode::ScrollLock,
            KeyCode::NumLock,
            KeyCode::PrintScreen,
            KeyCode::Pause,
            KeyCode::Menu,
            KeyCode::KeypadBegin,
            KeyCode::Media(MediaKeyCode::PlayPause),
            KeyCode::Modifier(ModifierKeyCode::LeftControl),
        ]),
    ]
}

fn key_event() -> impl Strategy<Value = KeyEvent> {
    let mods = prop_oneof![
        6 => Just(KeyModifiers::NONE),
        4 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::SHIFT),
        1 => Just(KeyModifiers::ALT),
        1 => any::<u8>().prop_map(KeyModifiers::from_bits_truncate),
    ];
    let kind = prop_oneof![
        8 => Just(KeyEventKind::Press),
        1 => Just(KeyEventKind::Repeat),
        1 => Just(KeyEventKind::Release),
    ];
    (key_code(), mods, kind, any::<u8>()).prop_map(|(code, modifiers, kind, st)| KeyEvent {
        code,
        modifiers,
        kind,
        state: KeyEventState::from_bits_truncate(st),
    })
}

fn mouse_event() -> impl Strategy<Value = MouseEvent> {
    let button = prop::sample::select(vec![
        MouseButton::Left,
        MouseButton::Right,
        MouseButton::Middle,
    ]);
    let kind = prop_oneof![
        button.clone().prop_map(MouseEventKind::Down),
        button.clone().prop_map(MouseEventKind::Up),
        button.prop_map(MouseEventKind::Drag),
        Just(MouseEventKind::Moved),
        Just(MouseEventKind::ScrollUp),
        Just(MouseEventKind::ScrollDown),
        Just(MouseEventKind::ScrollLeft),
        Just(MouseEventKind::ScrollRight),
    ];
    let coord = prop_oneof![4 => 0u16..130, 1 => any::<u16>()];
    (kind, coord.clone(), coord, any::<u8>()).prop_map(|(kind, column, row, m)| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::from_bits_truncate(m),
    })
}

fn size() -> impl Strategy<Value = (u16, u16)> {
    // Large frames are slow to draw in a debug build, so they are rare (a few hundred cases).
    prop_oneof![
        20 => (0u16..=4, 0u16..=4),
        60 => (5u16..=140, 3u16..=50),
        2 => (141u16..=400, 51u16..=150),
        1 => (Just(1000u16), Just(300u16)),
    ]
}

/// Which generation a reply names, relative to the state when it arrives.
#[derive(Clone, Debug)]
enum Gen {
    Current,
    Older,
    Newer,
    Zero,
    Any(u64),
}

impl Gen {
    fn of(&self, current: u64) -> u64 {
        match self {
            Gen::Current => current,
            Gen::Older => current.saturating_sub(1),
            Gen::Newer => current.saturating_add(1),
            Gen::Zero => 0,
            Gen::Any(g) => *g,
        }
    }
}

fn gen_rel() -> impl Strategy<Value = Gen> {
    prop_oneof![
        4 => Just(Gen::Current),
        2 => Just(Gen::Older),
        1 => Just(Gen::Newer),
        1 => Just(Gen::Zero),
        1 => any::<u64>().prop_map(Gen::Any),
    ]
}

fn result_text() -> impl Strategy<Value = Result<String, String>> {
    prop_oneof![text().prop_map(Ok), text().prop_map(Err)]
}

fn outcome() -> impl Strategy<Value = Outcome> {
    let status = prop_oneof![
        Just(None),
        Just(Some(200)),
        Just(Some(400)),
        Just(Some(503)),
        any::<u16>().prop_map(Some)
    ];
    let error = prop::option::of(
        (prop::option::of(text()), text(), prop::option::of(text())).prop_map(
            |(code, message, hint)| Report {
                code,
                message,
                hint,
                ..Report::default()
            },
        ),
    );
    let body = prop_oneof![
        Just("{\"task_id\":\"8a9480ed8353e491018354b87f63009e\"}".to_string()),
        Just("{\"error_code\":\"DLG.0818\",\"error_msg\":\"no\"".to_string()),
        text(),
    ];
    (
        status,
        any::<u64>(),
        prop::option::of(text()),
        error,
        body,
        prop::collection::vec((text(), text()), 0..3),
        prop::option::of(text()),
        prop::option::of(text()),
    )
        .prop_map(
            |(status, elapsed_ms, task_id, error, body, headers, settled, history_error)| Outcome {
                status,
                elapsed_ms,
                retries: (elapsed_ms % 4) as usize,
                task_id,
                error,
                body,
                headers,
                settled,
                history_error,
                stopped_waiting: false,
                unsettled: None,
            },
        )
}

fn profile() -> impl Strategy<Value = Profile> {
    let auth = prop::sample::select(vec![AuthKind::Token, AuthKind::Iam, AuthKind::Aksk]);
    (text(), auth, text(), any::<bool>()).prop_map(|(name, auth, endpoint, sandbox)| Profile {
        name,
        auth,
        endpoint,
        sandbox,
        ..Profile::default()
    })
}

fn draft() -> impl Strategy<Value = Draft> {
    let body = prop_oneof![
        Just("{\"name\":\"restored\",\"data_source_type\":\"DLI\"}".to_string()),
        text()
    ];
    let meta = prop_oneof![
        Just(
            "{\"profile\":\"sandbox\",\"screen\":\"Schedule\",\"touched\":[\"name\"]}".to_string()
        ),
        text()
    ];
    let name = prop_oneof![
        Just("autosave:1-2".to_string()),
        Just("autosave:999999-1".to_string()),
        text()
    ];
    (name, body, meta, text()).prop_map(|(name, body, meta, updated_at)| Draft {
        name,
        body,
        meta,
        updated_at,
    })
}

fn hist_outcome() -> impl Strategy<Value = history::Outcome> {
    prop::sample::select(history::Outcome::ALL.to_vec())
}

/// `n` rows (ids counting down from `top`) built from one generated row.
fn rows() -> impl Strategy<Value = (usize, i64, Summary)> {
    let n = prop_oneof![3 => 0usize..5, 1 => Just(100usize), 1 => 0usize..120];
    let row = (
        text(),
        text(),
        hist_outcome(),
        prop::option::of(any::<u16>()),
    )
        .prop_map(|(task_name, profile, outcome, status)| Summary {
            id: 0,
            sent_at: "2030-01-01T08:00:00+08:00".into(),
            profile,
            task_name,
            data_source_type: "DLI".into(),
            outcome,
            task_id: None,
            error_code: None,
            status,
            duration_ms: Some(12),
        });
    (n, any::<i64>(), row)
}

fn expand((n, top, row): (usize, i64, Summary)) -> Vec<Summary> {
    (0..n)
        .map(|i| Summary {
            id: top.wrapping_sub(i as i64),
            ..row.clone()
        })
        .collect()
}

fn entry() -> impl Strategy<Value = Entry> {
    (any::<i64>(), text(), text(), text(), hist_outcome()).prop_map(
        |(id, task_name, body, response, outcome)| Entry {
            id,
            sent: Sent {
                task_name,
                request_body: body,
                request_headers: "[[\"X-Project-Id\",\"p\"]]".into(),
                ..Sent::default()
            },
            answered: Answered {
                response_body: Some(response),
                outcome: Some(outcome),
                ..Answered::default()
            },
            outcome,
        },
    )
}

/// A store reply; page and entry replies name a generation or id relative to the state.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // test data, a few per case
enum StoreReply {
    Opened(Option<String>, Vec<Draft>),
    Unavailable(String),
    Page(Gen, usize, Result<(usize, i64, Summary), String>),
    Entry(Option<i64>, Result<Option<Entry>, String>),
    Deleted(Option<i64>, Result<bool, String>),
    Recorded,
    DraftSaved(String, Result<(), String>),
    DraftsListed(Result<Vec<Draft>, String>),
}

fn store_reply() -> impl Strategy<Value = StoreReply> {
    let id = prop::option::of(any::<i64>());
    prop_oneof![
        1 => (prop::option::of(text()), prop::collection::vec(draft(), 0..3))
            .prop_map(|(a, o)| StoreReply::Opened(a, o)),
        1 => text().prop_map(StoreReply::Unavailable),
        3 => (gen_rel(), 0usize..4, prop_oneof![4 => rows().prop_map(Ok), 1 => text().prop_map(Err)])
            .prop_map(|(g, p, r)| StoreReply::Page(g, p, r)),
        1 => (id.clone(), prop_oneof![entry().prop_map(|e| Ok(Some(e))), Just(Ok(None)), text().prop_map(Err)])
            .prop_map(|(i, e)| StoreReply::Entry(i, e)),
        1 => (id, prop_oneof![any::<bool>().prop_map(Ok), text().prop_map(Err)])
            .prop_map(|(i, r)| StoreReply::Deleted(i, r)),
        1 => Just(StoreReply::Recorded),
        1 => (text(), prop_oneof![Just(Ok(())), text().prop_map(Err)])
            .prop_map(|(n, r)| StoreReply::DraftSaved(n, r)),
        1 => prop_oneof![prop::collection::vec(draft(), 0..4).prop_map(Ok), text().prop_map(Err)]
            .prop_map(StoreReply::DraftsListed),
    ]
}

/// One step of a case.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // test data, a few per case
enum Step {
    /// A terminal event, through `input::to_msg` as the loop does.
    Event(Event),
    /// A key straight into `update`, release events included.
    Key(KeyEvent),
    Paste(String),
    /// The 1 MiB paste: `piece` repeated to 1 MiB.
    BigPaste(String),
    Resize(u16, u16),
    Mouse(MouseEvent),
    Tick(u64),
    Now(i64, i32),
    Submitted(Gen, Outcome),
    Retrying(Gen, String),
    FileSaved(Result<String, String>),
    FileOpened(String, Result<String, String>),
    ProfilesLoaded(Vec<Profile>),
    ProfileTested(String, Result<String, String>),
    Copied(Result<(), String>),
    Store(StoreReply),
    /// Answers the `n`th effect `update` asked for so far (any order, maybe twice).
    Answer(usize, Outcome, bool),
    Terminate,
}

fn step() -> impl Strategy<Value = Step> {
    let event = prop_oneof![
        key_event().prop_map(Event::Key),
        text().prop_map(Event::Paste),
        size().prop_map(|(w, h)| Event::Resize(w, h)),
        mouse_event().prop_map(Event::Mouse),
        Just(Event::FocusGained),
        Just(Event::FocusLost),
    ];
    prop_oneof![
        6 => event.prop_map(Step::Event),
        12 => key_event().prop_map(Step::Key),
        3 => text().prop_map(Step::Paste),
        2 => size().prop_map(|(w, h)| Step::Resize(w, h)),
        1 => mouse_event().prop_map(Step::Mouse),
        1 => any::<u64>().prop_map(Step::Tick),
        1 => (any::<i64>(), -86_399i32..86_400).prop_map(|(t, o)| Step::Now(t, o)),
        2 => (gen_rel(), outcome()).prop_map(|(g, o)| Step::Submitted(g, o)),
        1 => (gen_rel(), text()).prop_map(|(g, n)| Step::Retrying(g, n)),
        1 => result_text().prop_map(Step::FileSaved),
        1 => (text(), prop_oneof![
                Just(Ok("{\"name\":\"opened\",\"data_source_type\":\"DLI\"}".to_string())),
                result_text(),
            ]).prop_map(|(p, r)| Step::FileOpened(p, r)),
        1 => prop::collection::vec(profile(), 0..3).prop_map(Step::ProfilesLoaded),
        1 => (text(), result_text()).prop_map(|(n, r)| Step::ProfileTested(n, r)),
        1 => prop_oneof![Just(Ok(())), text().prop_map(Err)].prop_map(Step::Copied),
        3 => store_reply().prop_map(Step::Store),
        4 => (any::<usize>(), outcome(), any::<bool>()).prop_map(|(n, o, b)| Step::Answer(n, o, b)),
        1 => Just(Step::Terminate),
    ]
}

/// 1–6 steps; one case in `BIG_EVERY` also carries a 1 MiB paste, followed by at most two steps
/// (every step after it revalidates and redraws a megabyte, which is slow in a debug build).
fn case() -> impl Strategy<Value = Vec<Step>> {
    let big = prop::option::weighted(1.0 / f64::from(BIG_EVERY), (0usize..=2, piece()));
    (prop::collection::vec(step(), 1..=6), big).prop_map(|(mut steps, big)| {
        if let Some((after, p)) = big {
            let i = steps.len().saturating_sub(after);
            steps.insert(i, Step::BigPaste(p));
        }
        steps
    })
}

fn sandbox_state() -> AppState {
    let mut t = ctask::task::templates::template("DLI").unwrap_or_default();
    t.name = None;
    let mut s = ctask::tui::testkit::sandbox_state(t, "http://127.0.0.1:8080");
    s.drafts.own = "autosave:1-2".into();
    let now = chrono::DateTime::parse_from_rfc3339("2030-01-01T08:00:00+08:00").ok();
    if let Some(now) = now {
        update(&mut s, Msg::Now(now));
    }
    s.cursor_to_end();
    s.drafts.clean_revision = s.form.revision;
    s
}

/// The reply the effect runner could send for `e`.
fn answer(e: &Effect, outcome: Outcome, ok: bool) -> Option<Msg> {
    let err = || "disk on fire".to_string();
    Some(match e {
        Effect::SendCreate { generation, .. } => Msg::SubmitFinished {
            generation: *generation,
            outcome,
        },
        Effect::CheckSent { sent, .. } => Msg::SentChecked {
            name: sent.name.clone(),
            settled: match (ok, outcome.task_id) {
                (true, None) => ctask::app::reconcile::Settled::NotFound,
                (true, Some(id)) => ctask::app::reconcile::Settled::Found(id),
                (false, Some(id)) => ctask::app::reconcile::Settled::Existed { id, why: err() },
                (false, None) => ctask::app::reconcile::Settled::Unknown(err()),
            },
        },
        Effect::CancelSubmit { generation } => Msg::SubmitAbandoned {
            generation: *generation,
            sent: ok.then(|| {
                Box::new(ctask::app::reconcile::SentCreate {
                    name: outcome.body.clone(),
                    body: serde_json::json!({"name": outcome.body}),
                    left_at: chrono::Utc::now(),
                })
            }),
        },
        Effect::SaveFile { path, .. } => {
            Msg::FileSaved(if ok { Ok(path.clone()) } else { Err(err()) })
        }
        Effect::OpenFile { path } => Msg::FileOpened {
            path: path.clone(),
            result: if ok { Ok(outcome.body) } else { Err(err()) },
        },
        Effect::CopyToClipboard(_) => Msg::Copied(if ok { Ok(()) } else { Err(err()) }),
        Effect::SaveProfiles(list) if ok => Msg::ProfilesSaved(
            list.iter()
                .map(|p| (p.name.clone(), p.typed_secrets()))
                .collect(),
        ),
        Effect::SaveProfiles(list) => Msg::ProfilesLoaded(list.clone()),
        Effect::MakeDefault(n) => Msg::Notice(if ok {
            Ok(format!("{n} is the default"))
        } else {
            Err(err())
        }),
        Effect::DeleteProfile(_) if ok => return None,
        Effect::DeleteProfile(_) => Msg::FileSaved(Err(err())),
        Effect::ResolveContext { profile, overrides } => Msg::ContextReady {
            profile: profile.name.clone(),
            result: if ok {
                ctask::tui::testkit::context_of(None, profile, overrides).map(std::sync::Arc::new)
            } else {
                Err(err())
            },
        },
        Effect::FetchCallerUser { .. } => Msg::CallerUser(if ok {
            Ok(ctask::api::CallerUser {
                id: outcome.body,
                source: ctask::api::UserIdSource::TokenValidation,
            })
        } else {
            Err(err())
        }),
        Effect::TestProfile(p) => Msg::ProfileTested {
            name: p.name.clone(),
            result: if ok { Ok("ok".into()) } else { Err(err()) },
        },
        Effect::Catalog(CatalogEffect::List {
            generation, query, ..
        }) => Msg::Catalog(CatalogMsg::Listed {
            generation: *generation,
            profile: "sandbox".into(),
            query: query.clone(),
            result: if ok {
                Ok(Listed::Databases(
                    outcome.body.lines().map(str::to_string).collect(),
                ))
            } else {
                Err(ctask::app::Report {
                    message: err(),
                    ..Default::default()
                })
            },
        }),
        Effect::Catalog(CatalogEffect::Cancel { generation }) => Msg::Catalog(CatalogMsg::Spin {
            generation: *generation,
        }),
        Effect::Tasks(te) => Msg::Tasks(match te {
            TasksEffect::List { generation, .. } => TasksMsg::Listed {
                generation: *generation,
                result: if ok {
                    Ok((
                        vec![serde_json::json!({"id": "a", "name": outcome.body})],
                        1,
                    ))
                } else {
                    Err(err())
                },
            },
            TasksEffect::Act { id, action, .. } => TasksMsg::Acted {
                id: id.clone(),
                action: *action,
                result: if ok { Ok(()) } else { Err(err()) },
            },
            TasksEffect::Delete { id, .. } => TasksMsg::Deleted {
                id: id.clone(),
                result: if ok { Ok(()) } else { Err(err()) },
            },
            TasksEffect::Pull { id, .. } => TasksMsg::Pulled {
                id: id.clone(),
                result: if ok {
                    Ok(serde_json::json!({"id": id, "name": outcome.body}))
                } else {
                    Err(err())
                },
            },
        }),
        Effect::Store(se) => Msg::Store(match se {
            StoreEffect::Open { .. } => StoreMsg::Opened {
                set_aside: None,
                orphans: Vec::new(),
            },
            StoreEffect::Page {
                generation,
                page,
                before,
                limit,
                ..
            } => StoreMsg::Page {
                generation: *generation,
                page: *page,
                rows: if ok {
                    let top = before.unwrap_or(1_000).saturating_sub(1);
                    let n = (*limit).min(outcome.body.len());
                    Ok(expand((n, top, summary_of(&outcome))))
                } else {
                    Err(err())
                },
            },
            StoreEffect::LoadEntry { id } => StoreMsg::Entry {
                id: *id,
                entry: if ok {
                    Ok(Some(Box::new(entry_of(*id, &outcome))))
                } else {
                    Err(err())
                },
            },
            StoreEffect::DeleteEntry { id } => StoreMsg::Deleted {
                id: *id,
                result: if ok { Ok(true) } else { Err(err()) },
            },
            StoreEffect::Export { path, .. } => {
                return Some(Msg::FileSaved(if ok {
                    Ok(path.clone())
                } else {
                    Err(err())
                }));
            }
            StoreEffect::SaveDraft(d) | StoreEffect::AdoptDraft { draft: d, .. } => {
                StoreMsg::DraftSaved {
                    name: d.name.clone(),
                    result: if ok { Ok(()) } else { Err(err()) },
                }
            }
            StoreEffect::DeleteDraft { name } => StoreMsg::DraftSaved {
                name: name.clone(),
                result: Ok(()),
            },
            StoreEffect::ListDrafts => StoreMsg::DraftsListed(if ok {
                Ok(Listing {
                    drafts: vec![Draft {
                        name: "mine".into(),
                        body: outcome.body,
                        meta: "{}".into(),
                        updated_at: "2030-01-01T08:00:00+08:00".into(),
                    }],
                    unreadable: 0,
                })
            } else {
                Err(err())
            }),
        }),
    })
}

fn summary_of(o: &Outcome) -> Summary {
    Summary {
        id: 0,
        sent_at: "2030-01-01T08:00:00+08:00".into(),
        profile: "sandbox".into(),
        task_name: o.body.clone(),
        data_source_type: "DLI".into(),
        outcome: history::Outcome::Ok,
        task_id: o.task_id.clone(),
        error_code: None,
        status: o.status,
        duration_ms: Some(1),
    }
}

fn entry_of(id: i64, o: &Outcome) -> Entry {
    Entry {
        id,
        sent: Sent {
            task_name: "t".into(),
            request_body: o.body.clone(),
            ..Sent::default()
        },
        answered: Answered {
            response_body: Some(o.body.clone()),
            status: o.status,
            ..Answered::default()
        },
        outcome: history::Outcome::Rejected,
    }
}

/// The id of a row the History screen holds, if any (replies about it reach deeper code).
fn some_id(s: &AppState) -> i64 {
    s.history
        .pages
        .values()
        .flatten()
        .next()
        .map_or(1, |r| r.id)
}

fn to_msg(s: &AppState, step: Step, asked: &[Effect]) -> Option<Msg> {
    Some(match step {
        Step::Event(e) => return ctask::tui::testkit::to_msg(e),
        Step::Key(k) => Msg::Key(k),
        Step::Paste(t) => Msg::Paste(t),
        Step::BigPaste(p) => {
            let p = if p.is_empty() { "x".to_string() } else { p };
            Msg::Paste(p.repeat(MIB / p.len() + 1))
        }
        Step::Resize(w, h) => Msg::Resize(w, h),
        Step::Mouse(m) => Msg::Mouse(m),
        Step::Tick(t) => Msg::Tick { elapsed_ms: t },
        Step::Now(t, off) => {
            let off = chrono::FixedOffset::east_opt(off)?;
            Msg::Now(chrono::DateTime::from_timestamp(t % 400_000_000_000, 0)?.with_timezone(&off))
        }
        Step::Submitted(g, outcome) => Msg::SubmitFinished {
            generation: g.of(s.generation),
            outcome,
        },
        Step::Retrying(g, note) => Msg::SubmitRetrying {
            generation: g.of(s.generation),
            note,
        },
        Step::FileSaved(r) => Msg::FileSaved(r),
        Step::FileOpened(path, result) => Msg::FileOpened { path, result },
        Step::ProfilesLoaded(l) => Msg::ProfilesLoaded(l),
        Step::ProfileTested(name, result) => Msg::ProfileTested { name, result },
        Step::Copied(r) => Msg::Copied(r),
        Step::Store(r) => Msg::Store(match r {
            StoreReply::Opened(set_aside, orphans) => StoreMsg::Opened { set_aside, orphans },
            StoreReply::Unavailable(t) => StoreMsg::Unavailable(t),
            StoreReply::Page(g, page, rows) => StoreMsg::Page {
                generation: g.of(s.history.generation),
                page,
                rows: rows.map(expand),
            },
            StoreReply::Entry(id, entry) => {
                let id = id.unwrap_or_else(|| some_id(s));
                StoreMsg::Entry {
                    id,
                    entry: entry.map(|e| e.map(|e| Box::new(Entry { id, ..e }))),
                }
            }
            StoreReply::Deleted(id, result) => StoreMsg::Deleted {
                id: id.unwrap_or_else(|| some_id(s)),
                result,
            },
            StoreReply::Recorded => StoreMsg::Recorded,
            StoreReply::DraftSaved(name, result) => StoreMsg::DraftSaved { name, result },
            StoreReply::DraftsListed(r) => StoreMsg::DraftsListed(r.map(|drafts| Listing {
                drafts,
                unreadable: 0,
            })),
        }),
        Step::Answer(n, outcome, ok) => {
            if asked.is_empty() {
                return None;
            }
            return answer(&asked[n % asked.len()], outcome, ok);
        }
        Step::Terminate => Msg::Terminate,
    })
}

/// Renders into the terminal, resized to the state's size first as the real one would be, and
/// checks the frame covers exactly that.
fn render(term: &mut Terminal<TestBackend>, s: &AppState) {
    let (w, h) = s.size;
    if term.backend().buffer().area.as_size() != ratatui::layout::Size::new(w, h) {
        term.backend_mut().resize(w, h);
    }
    let frame = term
        .draw(|f| ctask::tui::testkit::render(s, f))
        .expect("draw");
    let want = Rect::new(0, 0, w, h);
    assert_eq!(frame.area, want);
    assert_eq!(frame.buffer.area, want);
    assert_eq!(term.backend().buffer().area, want);
}

fn run_case(start: &AppState, steps: Vec<Step>) {
    let mut s = start.clone();
    let mut term = Terminal::new(TestBackend::new(s.size.0, s.size.1)).expect("test backend");
    let mut asked: Vec<Effect> = Vec::new();
    for step in steps {
        if let Some(msg) = to_msg(&s, step, &asked) {
            asked.extend(update(&mut s, msg));
            render(&mut term, &s);
        }
    }
}

/// The seed of half `k` of the cases: `SEED` with its last byte xor `k`.
fn seed(k: u8) -> [u8; 32] {
    let mut seed = SEED;
    seed[31] ^= k;
    seed
}

/// Runs `cases` cases from `seed`; the error names the smallest failing sequence.
fn run_half(start: &AppState, seed: [u8; 32], cases: u32) -> Result<(), String> {
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
    runner
        .run(&case(), |steps| {
            run_case(start, steps);
            Ok(())
        })
        .map_err(|e| e.to_string())
}

#[test]
fn random_message_sequences_never_panic_and_render_inside_the_terminal() {
    // CTASK_FUZZ_CASES overrides the count for a local run; CI runs CASES.
    let cases: u32 = std::env::var("CTASK_FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(CASES);
    let start = sandbox_state();
    let mut first = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    render(&mut first, &start);
    let started = Instant::now();
    // Two halves on two threads (CI has two cores), each from its own fixed seed.
    let results: Vec<Result<(), String>> = std::thread::scope(|scope| {
        let halves: Vec<_> = (0..2u8)
            .map(|k| {
                let n = cases / 2 + u32::from(k) * (cases % 2);
                // The state is not `Sync` (the text areas cache their layout): one per thread.
                scope.spawn(move || run_half(&sandbox_state(), seed(k), n))
            })
            .collect();
        halves
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("a half panicked".into())))
            .collect()
    });
    eprintln!(
        "tui fuzz: {cases} cases, seeds {:?} (ChaCha, last byte xor 0 and 1), {:.1} s",
        String::from_utf8_lossy(&SEED),
        started.elapsed().as_secs_f64()
    );
    for r in results {
        if let Err(e) = r {
            panic!("{e}");
        }
    }
}
