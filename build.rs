//! Generates the client from `openapi.yaml` with progenitor, into `OUT_DIR/codegen.rs`.
//!
//! The settings live in `criteo-codegen`, shared with `cargo xtask codegen`. Any failure
//! (including a progenitor panic) ends the build with one line naming the file and the
//! problem, not a backtrace.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-changed=openapi.yaml");
    println!("cargo::rerun-if-changed=build.rs");
    let spec = Path::new("openapi.yaml");
    match criteo_codegen::generate_file(spec) {
        Ok(code) => {
            let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("codegen.rs");
            if let Err(e) = std::fs::write(&out, code) {
                fail(&format!("cannot write {}: {e}", out.display()));
            }
            // For the test that checks the compiled code equals the committed snapshot.
            println!("cargo::rustc-env=OUT_DIR_CODEGEN={}", out.display());
        }
        Err(e) => fail(&e.to_string()),
    }
}

/// `cargo::error` fails the build on its own and prints just this line; exiting
/// non-zero as well would make cargo dump the script's whole stdout after it.
fn fail(message: &str) -> ! {
    println!("cargo::error={message}");
    std::process::exit(0);
}
