//! Where things are in the workspace.

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `openapi.yaml`, the single source of truth.
pub fn spec_path() -> PathBuf {
    root().join("openapi.yaml")
}

/// The committed, formatted snapshot of the generated code.
pub fn snapshot_path() -> PathBuf {
    root().join(criteo_codegen::SNAPSHOT_PATH)
}

/// The hand-written layer's sources, which the change report searches.
pub fn layer_sources() -> PathBuf {
    root().join("criteo-client").join("src")
}

/// A path relative to the workspace root, for messages.
pub fn display(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).display().to_string()
}

/// `git show REV:openapi.yaml`; `None` when the file did not exist at REV.
pub fn spec_at(rev: &str) -> anyhow::Result<Option<String>> {
    let output = Command::new("git")
        .current_dir(root())
        .args(["show", &format!("{rev}:openapi.yaml")])
        .output()
        .context("cannot run git (is it installed?)")?;
    if output.status.success() {
        return Ok(Some(
            String::from_utf8(output.stdout).context("openapi.yaml at that revision is not UTF-8")?,
        ));
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("does not exist") || stderr.contains("exists on disk, but not in") {
        return Ok(None);
    }
    bail!("git show {rev}:openapi.yaml failed: {}", stderr.trim())
}
