//! The committed snapshot of the generated code must be what openapi.yaml generates
//! (as rust-analyzer's codegen tests do): a stale one fails here with the command that
//! refreshes it.

#[test]
fn the_generated_snapshot_is_up_to_date() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let fresh = criteo_codegen::generate_file(&root.join("openapi.yaml")).expect("openapi.yaml generates");
    let snapshot_path = root.join(criteo_codegen::SNAPSHOT_PATH);
    let committed = std::fs::read_to_string(&snapshot_path).unwrap_or_default();
    if fresh != committed {
        panic!(
            "{} is stale: openapi.yaml generates different code.\n\
             Run `cargo xtask codegen` (it prints the diff) and commit the result.",
            criteo_codegen::SNAPSHOT_PATH
        );
    }
}

#[test]
fn the_build_compiles_the_same_code_as_the_snapshot() {
    // OUT_DIR's copy is what the crate compiles; it comes from the same function.
    let out = std::path::Path::new(env!("OUT_DIR_CODEGEN"));
    let compiled = std::fs::read_to_string(out).expect("build.rs wrote the generated code");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed = std::fs::read_to_string(root.join(criteo_codegen::SNAPSHOT_PATH)).unwrap_or_default();
    assert!(compiled == committed, "OUT_DIR's code differs from the snapshot: run `cargo xtask codegen`");
}
