//! `cargo xtask fuzz --seconds N`: runs the cargo-fuzz target for response decoding.
//!
//! Not part of CI. Needs `cargo install cargo-fuzz`; runs on the stable toolchain with
//! `--sanitizer none` (libFuzzer's coverage guidance still works; what is lost is
//! AddressSanitizer, which safe Rust does not need to find panics).

use crate::{step::timed, workspace};
use anyhow::{Context, bail};
use std::process::{Command, ExitCode};

const TARGET: &str = "decode_response";

pub fn run(seconds: u64) -> anyhow::Result<ExitCode> {
    let available =
        Command::new("cargo").args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !available {
        bail!("cargo-fuzz is not installed: run `cargo install cargo-fuzz`, then this command again");
    }
    let fuzz_dir = workspace::root().join("fuzz");
    let corpus = fuzz_dir.join("corpus").join(TARGET);
    std::fs::create_dir_all(&corpus).with_context(|| format!("cannot create {}", corpus.display()))?;
    let seeds = fuzz_dir.join("seeds").join(TARGET);
    let status = timed(&format!("fuzzing {TARGET} for {seconds} s"), || {
        Command::new("cargo")
            .current_dir(&fuzz_dir)
            .args(["fuzz", "run", TARGET, "--sanitizer", "none"])
            .arg(&corpus)
            .arg(&seeds)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .status()
            .context("cannot run cargo fuzz")
    })?;
    if status.success() {
        println!("No crash in {seconds} s. Corpus: {}", workspace::display(&corpus));
        Ok(ExitCode::SUCCESS)
    } else {
        println!("The fuzzer stopped with {status}: see fuzz/artifacts/{TARGET}/ for the input.");
        Ok(ExitCode::FAILURE)
    }
}
