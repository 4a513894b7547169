//! `SSL_CONF_cmd` on arbitrary commands and values: the command table with
//! its command-line and file flags and prefixes, and every value parser
//! (protocol versions, cipher strings, ciphersuites, groups, signature
//! algorithm lists, option switches). Input: a flags byte, then
//! "command\0value" (no NUL: no value).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let (cmd, value) = match text.split_once('\0') {
        Some((c, v)) => (c, Some(v)),
        None => (text, None),
    };
    // Command line (0x1) and/or file (0x2) names; a custom prefix on bit 7.
    let prefix = (flags & 0x80 != 0).then_some("--");
    let r = ssl_rs::ffi::conf::apply_to_fresh_settings(u32::from(flags & 0x3), prefix, cmd, value);
    assert!(matches!(r, 2 | 1 | 0 | -2 | -3), "SSL_CONF_cmd answered {r}");
});
