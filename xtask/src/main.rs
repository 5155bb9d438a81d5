//! `cargo xtask …`: the maintainers' tools of this workspace.
//!
//! - `codegen [--check]`: regenerate the committed snapshot of the generated code from
//!   `openapi.yaml` (exactly as `build.rs` does), with a diff and a summary;
//! - `spec import FILE`: take `/oauth2/token` and what it references from a full Criteo
//!   OpenAPI document into `openapi.yaml`, then codegen and the change report;
//! - `spec lint [FILE]`: what progenitor cannot generate or criteo-client cannot serve;
//! - `spec report [--base REV]`: the breaking and compatible changes of `openapi.yaml`
//!   since a git revision, and the hand-written code each breaking one touches;
//! - `fuzz --seconds N`: fuzz the decoding of token responses (not part of CI);
//! - `bench-report`, `bench-build`: the benchmark table and the build-cost comparison.

mod api_summary;
mod bench;
mod codegen;
mod diff;
mod fuzz;
mod import;
mod report;
mod step;
mod workspace;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Maintainers' tools for the Criteo SDK workspace")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate generated/criteo_marketing_transition.rs from openapi.yaml, print the
    /// diff and a summary of the API changes.
    Codegen {
        /// Change nothing; fail with the diff if the snapshot is stale.
        #[arg(long)]
        check: bool,
    },
    /// Print the table of the last `cargo bench -p criteo-client`, with ratios to each
    /// group's anchor.
    BenchReport,
    /// Clean-build criteo-client and a baseline crate (reqwest, serde, tokio only) in
    /// one run, and print both times, their ratio, and the slowest units.
    BenchBuild,
    /// Fuzz the decoding of token responses (cargo-fuzz; not part of CI).
    Fuzz {
        /// How long to run.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
    },
    /// Work on the OpenAPI document.
    Spec {
        #[command(subcommand)]
        command: SpecCommand,
    },
}

#[derive(Subcommand)]
enum SpecCommand {
    /// Import /oauth2/token (and every component it references) from a full Criteo
    /// OpenAPI document, JSON or YAML, into openapi.yaml; then codegen and report.
    Import {
        /// The full document.
        file: PathBuf,
        /// Print the result instead of writing openapi.yaml and the snapshot.
        #[arg(long)]
        dry_run: bool,
    },
    /// Report what progenitor cannot generate or criteo-client cannot serve, with the
    /// JSON path of each node.
    Lint {
        /// The document (default: openapi.yaml).
        file: Option<PathBuf>,
    },
    /// Label each change of openapi.yaml since a git revision breaking or compatible,
    /// and name the hand-written code a breaking one touches.
    Report {
        /// The revision to compare with.
        #[arg(long, default_value = "HEAD")]
        base: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Codegen { check } => codegen::run(check),
        Command::Fuzz { seconds } => fuzz::run(seconds),
        Command::BenchReport => bench::report(),
        Command::BenchBuild => bench::build(),
        Command::Spec { command: SpecCommand::Import { file, dry_run } } => import::run(&file, dry_run),
        Command::Spec { command: SpecCommand::Lint { file } } => {
            let file = file.unwrap_or_else(workspace::spec_path);
            codegen::lint_file(&file)
        }
        Command::Spec { command: SpecCommand::Report { base } } => report::run(&base),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
