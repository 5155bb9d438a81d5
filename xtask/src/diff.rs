//! Unified diffs: coloured on a terminal (unless NO_COLOR), plain otherwise.

use similar::TextDiff;
use std::io::IsTerminal;

/// The unified diff of `old` and `new`, empty when equal.
pub fn unified(old: &str, new: &str, name: &str) -> String {
    if old == new {
        return String::new();
    }
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// Prints a diff, coloured when stdout is a terminal.
pub fn print(diff: &str) {
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for line in diff.lines() {
        if !colour {
            println!("{line}");
        } else if line.starts_with("+++") || line.starts_with("---") {
            println!("\x1b[1m{line}\x1b[0m");
        } else if line.starts_with('+') {
            println!("\x1b[32m{line}\x1b[0m");
        } else if line.starts_with('-') {
            println!("\x1b[31m{line}\x1b[0m");
        } else if line.starts_with("@@") {
            println!("\x1b[36m{line}\x1b[0m");
        } else {
            println!("{line}");
        }
    }
}
