//! Timing each step, for people: `==> generating … (took 312 ms)`.

use std::time::Instant;

/// Runs `f`, printing its name before and its duration after.
pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    eprintln!("==> {name}");
    let start = Instant::now();
    let out = f();
    eprintln!("    {name}: took {} ms", start.elapsed().as_millis());
    out
}
