//! Planning `ctask apply` of 1,000 task files (`app::apply::plan_batch`: read, validate and classify
//! against the emulator on loopback): on an empty workspace (one search says nothing exists), and on
//! one that already holds all 1,000 (ten search pages, then a field-by-field comparison of each),
//! both at the default pace of 10 requests/s and unpaced (1,000/s) to show what is the work and what
//! is the rate limit.

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};

use ctask::api::Pace;
use ctask::app::Context;
use ctask::app::apply::{Class, plan_batch};
use ctask::emulator::config::{SANDBOX_PROJECT_ID, SANDBOX_TOKEN, SANDBOX_WORKSPACE};
use ctask::emulator::{EmulatorConfig, EmulatorHandle, spawn_background};
use ctask::store::FormDefaults;
use ctask::task::taskfile;

const FILES: usize = 1000;

fn files(dir: &std::path::Path) {
    let text = std::fs::read_to_string("assets/examples/seed-example.json").expect("seed");
    for i in 0..FILES {
        let mut v: Value = serde_json::from_str(&text).expect("seed json");
        v["name"] = json!(format!("bench_task_{i:04}"));
        std::fs::write(dir.join(format!("{i:04}.json")), v.to_string()).expect("write");
    }
}

fn context(emu: &EmulatorHandle, rate: f64) -> Context {
    let mut ctx = Context::sandbox(
        &emu.base_url(),
        SANDBOX_PROJECT_ID,
        SANDBOX_WORKSPACE,
        SANDBOX_TOKEN,
        FormDefaults::default(),
    )
    .expect("context");
    ctx.session.client = ctx
        .session
        .client
        .clone()
        .with_pace(Arc::new(Pace::new(rate)));
    ctx
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    files(dir.path());
    let paths = vec![dir.path().to_string_lossy().into_owned()];
    let empty = spawn_background(EmulatorConfig::default()).expect("emulator");
    let full = spawn_background(EmulatorConfig::default()).expect("emulator");
    let filler = context(&full, 1000.0);
    rt.block_on(async {
        for f in ctask::app::apply::inputs::expand(&paths).expect("files") {
            let task = taskfile::parse(&std::fs::read_to_string(f).expect("read"))
                .expect("parse")
                .task;
            filler
                .session
                .create(&task, &mut |_| {})
                .await
                .expect("create");
        }
    });
    let mut group = c.benchmark_group("apply_plan_1000");
    group.sample_size(10);
    for (label, emu, want) in [
        ("empty_server", &empty, "create"),
        ("all_exist", &full, "unchanged"),
    ] {
        for (pace, rate) in [("paced_10", 10.0), ("unpaced", 1000.0)] {
            let ctx = context(emu, rate);
            group.bench_function(format!("{label}/{pace}"), |b| {
                b.iter(|| {
                    let entries = rt
                        .block_on(plan_batch(&ctx, &paths, 4, chrono::Utc::now()))
                        .expect("plan");
                    assert_eq!(entries.len(), FILES);
                    assert!(
                        entries.iter().all(|e| e.class.word() == want
                            && !matches!(e.class, Class::Duplicate { .. }))
                    );
                    entries
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
