fn main() {
    let p = std::env::args().nth(1).unwrap();
    let text = ctask::app::files::read_text(&p).unwrap();
    let f = ctask::task::taskfile::parse(&text).unwrap();
    let mut issues = Vec::new();
    let t = std::time::Instant::now();
    for _ in 0..200 {
        issues = ctask::task::validate_reusing(&f.task, issues);
    }
    println!("{:.0} us/validate", t.elapsed().as_secs_f64() * 1e6 / 200.0);
}
