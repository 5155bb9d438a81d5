//! `cargo xtask codegen [--check]` and `cargo xtask spec lint`.

use crate::{api_summary::ApiSummary, diff, step::timed, workspace};
use anyhow::Context;
use std::path::Path;
use std::process::ExitCode;

/// Regenerates the snapshot (or, with `check`, only compares).
pub fn run(check: bool) -> anyhow::Result<ExitCode> {
    let spec = workspace::spec_path();
    let fresh = timed("generating from openapi.yaml (the build.rs settings)", || {
        criteo_codegen::generate_file(&spec)
    })?;
    let snapshot = workspace::snapshot_path();
    let name = workspace::display(&snapshot);
    let old = std::fs::read_to_string(&snapshot).unwrap_or_default();
    let patch = timed("comparing with the committed snapshot", || diff::unified(&old, &fresh, &name));
    if patch.is_empty() {
        println!("{name} is up to date with openapi.yaml.");
        return Ok(ExitCode::SUCCESS);
    }
    diff::print(&patch);
    print_summary(&old, &fresh);
    if check {
        eprintln!(
            "error: {name} is stale: openapi.yaml generates different code. Run `cargo xtask codegen` and commit the result."
        );
        return Ok(ExitCode::FAILURE);
    }
    timed("writing the snapshot", || write(&snapshot, &fresh))?;
    println!("Wrote {name}.");
    Ok(ExitCode::SUCCESS)
}

/// Prints what changed in the Rust API between two generations.
pub fn print_summary(old: &str, new: &str) {
    let changes = ApiSummary::of(new).changes_from(&ApiSummary::of(old));
    println!("\nGenerated API changes ({}):", changes.len());
    for line in &changes {
        println!("  {line}");
    }
}

pub fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// `cargo xtask spec lint [FILE]`: every finding, errors first; fails on an error.
pub fn lint_file(file: &Path) -> anyhow::Result<ExitCode> {
    let findings = timed(&format!("linting {}", file.display()), || -> anyhow::Result<_> {
        let text = criteo_codegen::read_text(file)?;
        let value = criteo_codegen::parse_value(&text, &file.display().to_string())?;
        Ok(criteo_codegen::lint::lint(&value))
    })?;
    for finding in &findings {
        println!("{}: {finding}", file.display());
    }
    let errors = findings.iter().filter(|f| f.is_error()).count();
    println!("{errors} error(s), {} warning(s)", findings.len() - errors);
    Ok(if errors == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
