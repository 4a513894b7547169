//! The TLS protocol engine: sans-I/O, no `unsafe`, no C types. It takes
//! received bytes, returns bytes to send, plaintext and session events.

pub mod alert;
pub mod cert_compression;
pub mod cert_types;
pub mod client;
pub mod cipher_string;
pub mod codec;
pub mod common;
pub mod custom_ext;
pub mod error;
pub mod extensions;
pub mod key_schedule;
pub mod msgs;
pub mod record;
pub mod server;
pub mod session;
pub mod spki;
pub mod suites;
pub mod tls12_shared;
pub mod tls12_state;
#[cfg(any(test, fuzzing))]
pub mod test_support;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_custom_ext;
#[cfg(test)]
mod tests_tls12;
#[cfg(test)]
mod tests_reneg12;
#[cfg(test)]
mod tests_psk12;
#[cfg(test)]
mod tests_anon12;
#[cfg(test)]
mod tests_srp12;
#[cfg(test)]
mod tests_tls10;

pub use error::{Error, Reason};

/// Protocol versions on the wire.
pub const TLS1_VERSION: u16 = 0x0301;
pub const TLS1_1_VERSION: u16 = 0x0302;
pub const TLS1_2_VERSION: u16 = 0x0303;
pub const TLS1_3_VERSION: u16 = 0x0304;
