//! Benchmarks of the explorer (`talentloop explore`): what one request costs in the server
//! process — a run with its graph data, and a run with the 100-member uncertainty band of the two
//! default graphs — timed with criterion, then the same two requests over loopback HTTP, 1,000
//! each, with their p50/p95/p99 printed (the issue's targets: p95 ≤ 5 ms and ≤ 60 ms).
//!
//! `cargo bench --bench explore`

use std::hint::black_box;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use talentloop::explore::request::parse;
use talentloop::explore::server::{Assets, Listener};
use talentloop::explore::Explorer;

const RUN: &str = r#"{"levers": {"params.levers.housing_subsidy": {"value": 60, "from": 2026},
    "params.levers.enclave_seats": {"value": 100, "from": 2026}}}"#;
const BAND: &str = r#"{"levers": {"params.levers.housing_subsidy": {"value": 60, "from": 2026}},
    "band": ["talent_firms[H]", "high_tech_share_manufacturing"]}"#;

fn explorer() -> Explorer {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Explorer::new(
        &root.join("scenarios/baseline.toml"),
        &root.join("sweeps/policy_robustness.toml"),
        100,
    )
    .expect("the explorer starts")
}

fn bench_requests(c: &mut Criterion) {
    let e = explorer();
    let run = parse(RUN.as_bytes()).expect("parses");
    let band = parse(BAND.as_bytes()).expect("parses");
    c.bench_function("explore_run_with_graph_data", |b| {
        b.iter(|| e.run(black_box(&run)).expect("runs").to_string())
    });
    let mut group = c.benchmark_group("explore_band");
    group.sample_size(20);
    group.bench_function("explore_run_with_band_100", |b| {
        b.iter(|| e.run(black_box(&band)).expect("runs").to_string())
    });
    group.finish();
}

/// One POST over a fresh connection, as a browser's fetch without keep-alive; the response is
/// read to its end.
fn post(addr: SocketAddr, path: &str, body: &str) -> usize {
    let mut s = TcpStream::connect(addr).expect("connects");
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("sends");
    let mut out = Vec::new();
    s.read_to_end(&mut out).expect("reads");
    assert!(
        out.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&out[..80])
    );
    out.len()
}

fn percentiles(mut ms: Vec<f64>) -> String {
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() - 1) as f64 * p).round() as usize];
    format!(
        "p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        at(0.5),
        at(0.95),
        at(0.99),
        at(1.0)
    )
}

fn loopback(_: &mut Criterion) {
    let listener = Listener::bind(0).expect("binds");
    let addr = listener.addr();
    let stop = Arc::new(AtomicBool::new(false));
    let serving = {
        let stop = Arc::clone(&stop);
        let e = Arc::new(explorer());
        std::thread::spawn(move || listener.serve(e, Assets::Embedded, stop))
    };
    for (name, body) in [
        ("run with graph data", RUN),
        ("run with 100-member band", BAND),
    ] {
        post(addr, "/api/run", body);
        let ms: Vec<f64> = (0..1000)
            .map(|_| {
                let t = Instant::now();
                post(addr, "/api/run", body);
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        eprintln!("loopback, 1,000 requests, {name}: {}", percentiles(ms));
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    serving.join().expect("server stops");
}

criterion_group!(benches, bench_requests, loopback);
criterion_main!(benches);
