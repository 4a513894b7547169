//! The C boundary: every `extern "C"` export of libssl.so.3. Each export runs
//! inside `boundary::guard`, which catches panics and turns errors into
//! OpenSSL's error-queue entries and failure values.

pub mod bio_ssl;
pub mod ca_names;
pub mod absent;
pub mod boundary;
pub mod cache;
pub mod cert_comp;
pub mod certs;
pub mod client_hello;
pub mod conf;
pub mod conf_cmds;
pub mod cipher;
pub mod cipher_lists;
pub mod ct;
pub mod ctrl;
pub mod custom_ext;
pub mod extras;
pub mod handshake_data;
pub mod io;
pub mod method;
pub mod misc;
pub mod ossl35;
pub mod quic_absent;
pub mod renegotiate;
pub mod rpk;
pub mod server;
pub mod session;
pub mod session_print;
pub mod srp;
pub mod ssl;
pub mod ssl_ctx;
pub mod strings;
pub mod stubs;
pub mod ticket_appdata;
pub mod types;
pub mod verify;
