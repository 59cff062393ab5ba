//! How long `validate` takes on a large task: 1,000 task_config keys and a 10,000-entry tableName.

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};

use ctask::task::{CollectionTask, validate};

fn big_task() -> CollectionTask {
    let mut config = serde_json::Map::new();
    config.insert(
        "data_connection_id".into(),
        json!("14bb947454e64de784eadaab759081e8"),
    );
    let tables: Vec<Value> = (0..10_000)
        .map(|i| json!(format!("db{}.table_{i}", i % 20)))
        .collect();
    config.insert("tableName".into(), Value::Array(tables));
    for i in 0..998 {
        config.insert(format!("custom_key_{i}"), json!(i));
    }
    let body = json!({
        "name": "big_collection", "user_id": "0833a573fe80d5401f6dc010a775569a", "dir_id": "0",
        "data_source_type": "DLI", "task_config": config,
        "schedule_config": {"schedule_type": "CRON", "cron_expression": "00 */15 9-23 * * ?", "interval": "15 minutes"}
    });
    serde_json::from_value(body).expect("task")
}

fn bench(c: &mut Criterion) {
    let task = big_task();
    c.bench_function("validate 1k keys + 10k tableName", |b| {
        b.iter(|| validate(std::hint::black_box(&task)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
