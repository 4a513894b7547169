//! Generates the C header of our exports with cbindgen into
//! target/<profile>/libssl_rs.h; `make check` compares it with the committed
//! include/libssl_rs.h. Stubs (src/ffi/stubs.rs) are left out: they take no
//! parameters, so their prototypes would not match OpenSSL's.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=src/sys/callbacks.rs");
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let stubs = std::fs::read_to_string(crate_dir.join("src/ffi/stubs.rs")).unwrap_or_default();
    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml parses");
    for line in stubs.lines() {
        if let Some(rest) = line.strip_prefix("pub extern \"C\" fn ") {
            if let Some(name) = rest.split('(').next() {
                config.export.exclude.push(name.to_string());
            }
        }
    }
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    // OUT_DIR is target/<profile>/build/<pkg>/out.
    let profile_dir = out_dir.ancestors().nth(3).expect("target/<profile>").to_path_buf();
    // Only the boundary's files (and the callback typedefs they use) are
    // parsed, so nothing we import from libcrypto is redeclared.
    let mut builder = cbindgen::Builder::new().with_config(config);
    let mut files: Vec<PathBuf> = std::fs::read_dir(crate_dir.join("src/ffi"))
        .expect("src/ffi exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs") && !p.ends_with("stubs.rs") && !p.ends_with("mod.rs"))
        .collect();
    files.sort();
    files.push(crate_dir.join("src/sys/callbacks.rs"));
    for f in files {
        builder = builder.with_src(f);
    }
    match builder.generate() {
        Ok(b) => {
            b.write_to_file(profile_dir.join("libssl_rs.h"));
        }
        Err(e) => println!("cargo:warning=cbindgen failed: {e}"),
    }
}
