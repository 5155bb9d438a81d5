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

#[cfg(test)]
mod tests {
    use crate::{diff, workspace};

    #[test]
    fn a_new_jwt_model_property_shows_in_the_diff_and_the_summary() {
        let spec = std::fs::read_to_string(workspace::spec_path()).unwrap();
        let changed = spec.replacen(
            "        token_type:\n",
            "        scope:\n          type: string\n          description: The granted scope.\n        token_type:\n",
            1,
        );
        assert_ne!(spec, changed, "the fixture edit applies");
        let parsed = criteo_codegen::parse_spec(&changed, "openapi.yaml").unwrap();
        let fresh = criteo_codegen::generate(&parsed, "openapi.yaml").unwrap();
        let snapshot = std::fs::read_to_string(workspace::snapshot_path()).unwrap();
        let patch = diff::unified(&snapshot, &fresh, "generated/criteo_marketing_transition.rs");
        assert!(patch.lines().any(|l| l.starts_with('+') && l.contains("pub scope:")), "{patch}");
        let summary = crate::api_summary::ApiSummary::of(&fresh)
            .changes_from(&crate::api_summary::ApiSummary::of(&snapshot));
        assert!(
            summary.iter().any(|l| l.starts_with("changed  type types::JwtModel") && l.contains("scope")),
            "{summary:?}"
        );
    }
}
