//! libssl-rs: OpenSSL 3's libssl.so.3 in Rust.
//!
//! Layers (see DESIGN.md): `ffi` (the C boundary) -> `api` (OpenSSL
//! semantics, safe Rust) -> `tls` (sans-I/O engine) -> `crypto` (aws-lc-rs).
//! `unsafe` is confined to `ffi` and `sys`.

#![deny(unsafe_op_in_unsafe_fn)]

#[forbid(unsafe_code)]
pub mod crypto;
#[forbid(unsafe_code)]
pub mod tls;

pub mod api;
#[allow(non_camel_case_types, clippy::missing_safety_doc)]
pub mod ffi;
#[allow(non_camel_case_types)]
pub mod sys;

/// A hex test vector (RFC and FIPS examples) as bytes; whitespace ignored.
#[cfg(test)]
pub(crate) fn unhex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}
