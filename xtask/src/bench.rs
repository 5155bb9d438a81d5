//! `cargo xtask bench-report` (the table of the last `cargo bench`, with ratios to each
//! group's anchor) and `cargo xtask bench-build` (clean build time of criteo-client
//! against a baseline crate with only reqwest, serde and tokio, in one run).

use crate::{step::timed, workspace};
use anyhow::{Context, bail};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// (group, anchor, contenders) as the benches name them.
const GROUPS: &[(&str, &str, &[&str])] = &[
    ("request_path", "bare_reqwest", &["criteo_client", "oauth2_crate"]),
    ("cached_token", "naive_mutex_1_thread", &["provider_1_thread"]),
    ("cached_token", "naive_mutex_2_thread", &["provider_2_thread"]),
    ("refresh_storm", "anchor_10000_empty_tasks", &["10000_tasks_one_refresh"]),
];

/// Median and its 95 % interval, in nanoseconds, from criterion's estimates.json.
fn median(group: &str, bench: &str) -> anyhow::Result<(f64, f64, f64)> {
    let path = workspace::root().join("target/criterion").join(group).join(bench).join("new/estimates.json");
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!("no result at {}: run `cargo bench -p criteo-client` first", workspace::display(&path))
    })?;
    let json: Value = serde_json::from_str(&text)?;
    let get = |key: &str| json.pointer(&format!("/median/{key}")).and_then(Value::as_f64).unwrap_or(f64::NAN);
    Ok((
        get("point_estimate"),
        get("confidence_interval/lower_bound"),
        get("confidence_interval/upper_bound"),
    ))
}

fn human(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

pub fn report() -> anyhow::Result<ExitCode> {
    // The request path's ratios are paired (same samples); the medians of its benches,
    // taken minutes apart, carry the machine's drift.
    let paired_text =
        std::fs::read_to_string(workspace::root().join("target/criterion/request_path/paired_ratios.txt"))
            .unwrap_or_default();
    let paired = |bench: &str| {
        paired_text.lines().find_map(|l| l.strip_prefix(bench)).map(|r| format!("{} (paired)", r.trim()))
    };
    println!("| group | bench | median (95 % CI) | ratio to anchor |");
    println!("|---|---|---|---|");
    for (group, anchor, contenders) in GROUPS {
        let (a, lo, hi) = median(group, anchor)?;
        println!("| {group} | {anchor} (anchor) | {} ({} – {}) | 1.00 |", human(a), human(lo), human(hi));
        for bench in *contenders {
            let (m, lo, hi) = median(group, bench)?;
            let ratio = match (*group, paired(bench)) {
                ("request_path", Some(p)) => p,
                _ => format!("{:.2}", m / a),
            };
            println!("| {group} | {bench} | {} ({} – {}) | {ratio} |", human(m), human(lo), human(hi));
        }
    }
    if let Some(samples) = paired_text.lines().find_map(|l| l.strip_prefix("samples ")) {
        println!(
            "\nRequest-path ratios: median over {samples} interleaved samples of contender time / bare-reqwest time."
        );
    }
    let allocations = workspace::root().join("target/criterion/cached_token/allocations.txt");
    if let Ok(text) = std::fs::read_to_string(allocations) {
        println!("\nAllocations per warm `token()` call: {}", text.trim());
    }
    Ok(ExitCode::SUCCESS)
}

const BASELINE_MANIFEST: &str = r#"[package]
name = "baseline"
version = "0.0.0"
edition = "2024"
publish = false

# The same reqwest, serde and tokio features criteo-client uses, and nothing else.
[dependencies]
reqwest = { version = "0.13.4", default-features = false, features = ["rustls", "json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", default-features = false, features = ["time", "sync", "rt"] }

[workspace]
"#;

const BASELINE_LIB: &str = r#"#[derive(serde::Deserialize)]
pub struct Token { pub access_token: String }

pub async fn token(url: &str) -> reqwest::Result<Token> {
    reqwest::Client::new().post(url).send().await?.json().await
}
"#;

fn clean_build(name: &str, args: &[&str], target_dir: &Path) -> anyhow::Result<Duration> {
    let _ = std::fs::remove_dir_all(target_dir);
    timed(&format!("clean build of {name}"), || {
        let start = Instant::now();
        let status = Command::new("cargo")
            .current_dir(workspace::root())
            .args(["build", "--offline", "--timings", "--target-dir"])
            .arg(target_dir)
            .args(args)
            .status()
            .context("cannot run cargo")?;
        if !status.success() {
            bail!("building {name} failed ({status})");
        }
        Ok(start.elapsed())
    })
}

/// The slowest compilation units of a build, from cargo's --timings report.
fn slowest(target_dir: &Path, n: usize) -> Vec<(String, f64)> {
    let html =
        std::fs::read_to_string(target_dir.join("cargo-timings/cargo-timing.html")).unwrap_or_default();
    let Some(start) = html.find("const UNIT_DATA = ") else { return Vec::new() };
    let rest = &html[start + "const UNIT_DATA = ".len()..];
    let Some(end) = rest.find(";\n") else { return Vec::new() };
    let Ok(Value::Array(units)) = serde_json::from_str::<Value>(&rest[..end]) else { return Vec::new() };
    let mut rows: Vec<(String, f64)> = units
        .iter()
        .map(|u| {
            let name = u.get("name").and_then(Value::as_str).unwrap_or("?");
            let target = u.get("target").and_then(Value::as_str).unwrap_or("");
            (format!("{name}{target}"), u.get("duration").and_then(Value::as_f64).unwrap_or(0.0))
        })
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    rows.truncate(n);
    rows
}

pub fn build() -> anyhow::Result<ExitCode> {
    let root = workspace::root();
    let dir = root.join("target/bench-build");
    let baseline = dir.join("baseline");
    std::fs::create_dir_all(baseline.join("src"))?;
    std::fs::write(baseline.join("Cargo.toml"), BASELINE_MANIFEST)?;
    std::fs::write(baseline.join("src/lib.rs"), BASELINE_LIB)?;
    // The workspace's lock file, so both builds use the same versions.
    std::fs::copy(root.join("Cargo.lock"), baseline.join("Cargo.lock")).context("cannot copy Cargo.lock")?;

    let sdk_target = dir.join("sdk-target");
    let baseline_target = dir.join("baseline-target");
    let sdk = clean_build("criteo-client (dev profile)", &["-p", "criteo-client"], &sdk_target)?;
    let manifest = baseline.join("Cargo.toml");
    let manifest = manifest.to_string_lossy();
    let base = clean_build(
        "baseline: reqwest + serde + tokio (dev profile)",
        &["--manifest-path", &manifest],
        &baseline_target,
    )?;

    println!(
        "\n| build (clean, dev profile, {} jobs) | seconds |",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("|---|---|");
    println!("| baseline (reqwest, serde, tokio) | {:.1} |", base.as_secs_f64());
    println!("| criteo-client | {:.1} |", sdk.as_secs_f64());
    println!("| ratio criteo-client / baseline | {:.2} |", sdk.as_secs_f64() / base.as_secs_f64());
    println!("\nSlowest units of the criteo-client build (seconds, from cargo --timings):");
    for (unit, seconds) in slowest(&sdk_target, 12) {
        println!("  {seconds:6.1}  {unit}");
    }
    Ok(ExitCode::SUCCESS)
}
