//! The only user of `aws-lc-rs`: everything the protocol engine needs from
//! cryptography, behind small, typed functions.

pub mod aead;
pub mod calibrate;
pub mod cbc;
pub mod dhe;
pub mod hash;
pub mod hybrid;
pub mod kx;
pub mod prf;
pub mod rand;
pub mod rsa_kx;
pub mod sign;
pub mod ticket;
pub mod verify;
