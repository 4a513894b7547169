//! OpenSSL's cipher-string language (`SSL_CTX_set_cipher_list`,
//! ciphers(1)), evaluated as `ssl_create_cipher_list` does over the TLS 1.2
//! suites we implement: start from OpenSSL's default order, apply each rule
//! (add, `-` delete, `!` kill, `+` move to the end, `@STRENGTH`), and keep
//! the active suites in order. Every operation keeps the relative order of
//! any subset of suites, so the list equals OpenSSL's minus the suites we
//! do not have (measured against `openssl ciphers` in the tests).

use super::suites::{Auth, Bulk, Kx, Suite, TLS12_SUITES};
use crate::crypto::aead::AeadAlg;
use crate::crypto::cbc::{BlockCipher, MacAlg};

/// What a word of the language selects among our suites.
#[derive(Clone, Copy)]
enum Selector {
    /// An unknown word: the rule is skipped, as in OpenSSL.
    Nothing,
    Matching(Mask),
}

// OpenSSL's algorithm bits, as far as our suites need them: the aliases
// for algorithms we do not implement get a bit no suite of ours has.
const K_RSA: u32 = 1;
const K_ECDHE: u32 = 2;
const K_DHE: u32 = 4;
const K_PSK: u32 = 8;
const K_ECDHEPSK: u32 = 16;
const K_DHEPSK: u32 = 32;
const K_RSAPSK: u32 = 64;
const K_OTHER: u32 = 128;
const K_SRP: u32 = 256;
/// OpenSSL's SSL_PSK: the four PSK key exchanges.
const K_ANY_PSK: u32 = K_PSK | K_ECDHEPSK | K_DHEPSK | K_RSAPSK;
const A_RSA: u32 = 1;
const A_ECDSA: u32 = 2;
const A_NULL: u32 = 4;
const A_PSK: u32 = 8;
const A_OTHER: u32 = 16;
const A_DSS: u32 = 32;
const A_SRP: u32 = 64;
const A_ALL: u32 = A_RSA | A_ECDSA | A_NULL | A_PSK | A_OTHER | A_DSS | A_SRP;
const E_AES128: u32 = 1;
const E_AES256: u32 = 2;
const E_AES128GCM: u32 = 4;
const E_AES256GCM: u32 = 8;
const E_CHACHA20: u32 = 16;
const E_NULL: u32 = 32;
const E_OTHER: u32 = 64;
const E_CAMELLIA128: u32 = 128;
const E_CAMELLIA256: u32 = 256;
const E_AES128CCM: u32 = 512;
const E_AES256CCM: u32 = 1024;
const E_AES128CCM8: u32 = 2048;
const E_AES256CCM8: u32 = 4096;
const E_ARIA128GCM: u32 = 8192;
const E_ARIA256GCM: u32 = 16384;
const E_ALL: u32 = 32767;
const M_SHA1: u32 = 1;
const M_SHA256: u32 = 2;
const M_SHA384: u32 = 4;
const M_AEAD: u32 = 8;
const M_OTHER: u32 = 16;
const S_LOW: u32 = 1;
const S_MEDIUM: u32 = 2;
const S_HIGH: u32 = 4;
const S_FIPS: u32 = 8;

/// A rule's selection (OpenSSL's alg_mkey, alg_auth, alg_enc, alg_mac,
/// min_tls, algo_strength and cipher id); 0 = any.
#[derive(Clone, Copy, Default)]
struct Mask {
    mkey: u32,
    auth: u32,
    enc: u32,
    mac: u32,
    min_tls: u16,
    strength: u32,
    /// OpenSSL's SSL_NOT_DEFAULT (its own algo_strength mask): the suites
    /// COMPLEMENTOFDEFAULT names and DEFAULT leaves out.
    not_default: bool,
    id: u16,
}

/// A suite's own bits.
fn bits_of(s: &Suite) -> Mask {
    let (enc, mac) = match s.bulk {
        Bulk::Aead(AeadAlg::Aes128Gcm) => (E_AES128GCM, M_AEAD),
        Bulk::Aead(AeadAlg::Aes256Gcm) => (E_AES256GCM, M_AEAD),
        Bulk::Aead(AeadAlg::ChaCha20Poly1305) => (E_CHACHA20, M_AEAD),
        Bulk::Aead(AeadAlg::Aes128Ccm) => (E_AES128CCM, M_AEAD),
        Bulk::Aead(AeadAlg::Aes256Ccm) => (E_AES256CCM, M_AEAD),
        Bulk::Aead(AeadAlg::Aes128Ccm8) => (E_AES128CCM8, M_AEAD),
        Bulk::Aead(AeadAlg::Aes256Ccm8) => (E_AES256CCM8, M_AEAD),
        Bulk::Aead(AeadAlg::Aria128Gcm) => (E_ARIA128GCM, M_AEAD),
        Bulk::Aead(AeadAlg::Aria256Gcm) => (E_ARIA256GCM, M_AEAD),
        Bulk::Cbc { cipher, key_len, mac } => (
            match (cipher, key_len) {
                (BlockCipher::Aes, 16) => E_AES128,
                (BlockCipher::Aes, _) => E_AES256,
                (BlockCipher::Camellia, 16) => E_CAMELLIA128,
                (BlockCipher::Camellia, _) => E_CAMELLIA256,
            },
            match mac {
                MacAlg::Sha1 => M_SHA1,
                MacAlg::Sha256 => M_SHA256,
                MacAlg::Sha384 => M_SHA384,
            },
        ),
    };
    Mask {
        mkey: match s.kx {
            Kx::Rsa => K_RSA,
            Kx::Dhe => K_DHE,
            Kx::Psk => K_PSK,
            Kx::EcdhePsk => K_ECDHEPSK,
            Kx::DhePsk => K_DHEPSK,
            Kx::RsaPsk => K_RSAPSK,
            Kx::Srp => K_SRP,
            Kx::Ecdhe | Kx::Any => K_ECDHE,
        },
        auth: match s.auth {
            Auth::Ecdsa => A_ECDSA,
            Auth::Psk => A_PSK,
            Auth::Null => A_NULL,
            Auth::Dss => A_DSS,
            Auth::Srp => A_SRP,
            Auth::Rsa | Auth::Any => A_RSA,
        },
        enc,
        mac,
        min_tls: s.min_version,
        // Every suite of ours is HIGH; AES-CBC and AES-GCM ones are also
        // FIPS, but for the SRP ones.
        strength: if enc & (E_AES128 | E_AES256 | E_AES128GCM | E_AES256GCM) != 0 && s.kx != Kx::Srp { S_HIGH | S_FIPS } else { S_HIGH },
        not_default: s.not_in_default(),
        id: s.iana,
    }
}

impl Mask {
    /// ssl_cipher_apply_rule's test.
    fn matches(&self, s: &Suite) -> bool {
        let b = bits_of(s);
        let field = |want: u32, have: u32| want == 0 || want & have != 0;
        (self.id == 0 || self.id == b.id)
            && field(self.mkey, b.mkey)
            && field(self.auth, b.auth)
            && field(self.enc, b.enc)
            && field(self.mac, b.mac)
            && (self.min_tls == 0 || self.min_tls == b.min_tls)
            && field(self.strength, b.strength)
            && (!self.not_default || b.not_default)
    }

    /// "A+B" (ssl_cipher_process_rulestr): each field ANDed; an empty
    /// intersection, or two different versions, selects nothing.
    fn and(self, other: Mask) -> Option<Mask> {
        fn both(a: u32, b: u32) -> Option<u32> {
            match (a, b) {
                (0, x) | (x, 0) => Some(x),
                (x, y) => Some(x & y).filter(|v| *v != 0),
            }
        }
        let min_tls = match (self.min_tls, other.min_tls) {
            (0, v) | (v, 0) => v,
            (a, b) if a == b => a,
            _ => return None,
        };
        let id = match (self.id, other.id) {
            (0, v) | (v, 0) => v,
            (a, b) if a == b => a,
            _ => return None,
        };
        Some(Mask {
            mkey: both(self.mkey, other.mkey)?,
            auth: both(self.auth, other.auth)?,
            enc: both(self.enc, other.enc)?,
            mac: both(self.mac, other.mac)?,
            min_tls,
            strength: both(self.strength, other.strength)?,
            not_default: self.not_default || other.not_default,
            id,
        })
    }
}

/// One word: OpenSSL 3.0's `cipher_aliases` entry of that name, or a suite
/// name. An explicit suite's version is not part of the selection (as in
/// OpenSSL), its algorithms are.
fn selector(word: &str) -> Selector {
    let any = Mask::default();
    let m = match word {
        "ALL" | "FIPS" => Mask { enc: E_ALL & !E_NULL, strength: if word == "FIPS" { S_FIPS } else { 0 }, ..any },
        "COMPLEMENTOFALL" | "eNULL" | "NULL" => Mask { enc: E_NULL, ..any },
        "COMPLEMENTOFDEFAULT" => Mask { not_default: true, ..any },
        "kRSA" => Mask { mkey: K_RSA, ..any },
        "RSA" => Mask { mkey: K_RSA, auth: A_RSA, ..any },
        "kEDH" | "kDHE" | "DH" => Mask { mkey: K_DHE, ..any },
        "EDH" | "DHE" => Mask { mkey: K_DHE, auth: A_ALL & !A_NULL, ..any },
        "ADH" => Mask { mkey: K_DHE, auth: A_NULL, ..any },
        "kEECDH" | "kECDHE" | "ECDH" => Mask { mkey: K_ECDHE, ..any },
        "EECDH" | "ECDHE" => Mask { mkey: K_ECDHE, auth: A_ALL & !A_NULL, ..any },
        "AECDH" => Mask { mkey: K_ECDHE, auth: A_NULL, ..any },
        "kPSK" => Mask { mkey: K_PSK, ..any },
        "kRSAPSK" => Mask { mkey: K_RSAPSK, ..any },
        "kECDHEPSK" => Mask { mkey: K_ECDHEPSK, ..any },
        "kDHEPSK" => Mask { mkey: K_DHEPSK, ..any },
        "PSK" => Mask { mkey: K_ANY_PSK, ..any },
        "aPSK" => Mask { auth: A_PSK, ..any },
        "kSRP" | "SRP" => Mask { mkey: K_SRP, ..any },
        "kGOST" | "kGOST18" => Mask { mkey: K_OTHER, ..any },
        "aRSA" => Mask { auth: A_RSA, ..any },
        "aECDSA" | "ECDSA" => Mask { auth: A_ECDSA, ..any },
        "aNULL" => Mask { auth: A_NULL, ..any },
        "aDSS" | "DSS" => Mask { auth: A_DSS, ..any },
        "aSRP" => Mask { auth: A_SRP, ..any },
        "aGOST01" | "aGOST12" | "aGOST" => Mask { auth: A_OTHER, ..any },
        "AES128" => Mask { enc: E_AES128 | E_AES128GCM | E_AES128CCM | E_AES128CCM8, ..any },
        "AES256" => Mask { enc: E_AES256 | E_AES256GCM | E_AES256CCM | E_AES256CCM8, ..any },
        "AES" => Mask { enc: E_AES128 | E_AES256 | E_AES128GCM | E_AES256GCM | E_AES128CCM | E_AES256CCM | E_AES128CCM8 | E_AES256CCM8, ..any },
        "AESGCM" => Mask { enc: E_AES128GCM | E_AES256GCM, ..any },
        "AESCCM" => Mask { enc: E_AES128CCM | E_AES256CCM | E_AES128CCM8 | E_AES256CCM8, ..any },
        "AESCCM8" => Mask { enc: E_AES128CCM8 | E_AES256CCM8, ..any },
        "ARIA128" => Mask { enc: E_ARIA128GCM, ..any },
        "ARIA256" => Mask { enc: E_ARIA256GCM, ..any },
        "ARIA" | "ARIAGCM" => Mask { enc: E_ARIA128GCM | E_ARIA256GCM, ..any },
        "CHACHA20" => Mask { enc: E_CHACHA20, ..any },
        "CBC" => Mask { enc: E_AES128 | E_AES256 | E_CAMELLIA128 | E_CAMELLIA256 | E_OTHER, ..any },
        "CAMELLIA128" => Mask { enc: E_CAMELLIA128, ..any },
        "CAMELLIA256" => Mask { enc: E_CAMELLIA256, ..any },
        "CAMELLIA" => Mask { enc: E_CAMELLIA128 | E_CAMELLIA256, ..any },
        "3DES" | "RC4" | "RC2" | "IDEA" | "SEED" | "GOST89" | "GOST2012-GOST8912-GOST8912" => Mask { enc: E_OTHER, ..any },
        "SHA1" | "SHA" => Mask { mac: M_SHA1, ..any },
        "SHA256" => Mask { mac: M_SHA256, ..any },
        "SHA384" => Mask { mac: M_SHA384, ..any },
        "MD5" | "GOST94" | "GOST89MAC" | "GOST12" => Mask { mac: M_OTHER, ..any },
        "SSLv3" => Mask { min_tls: 0x0300, ..any },
        "TLSv1" | "TLSv1.0" => Mask { min_tls: 0x0301, ..any },
        "TLSv1.2" => Mask { min_tls: 0x0303, ..any },
        "LOW" => Mask { strength: S_LOW, ..any },
        "MEDIUM" => Mask { strength: S_MEDIUM, ..any },
        "HIGH" => Mask { strength: S_HIGH, ..any },
        name => match TLS12_SUITES.iter().find(|s| s.openssl_name == name) {
            Some(s) => Mask { min_tls: 0, ..bits_of(s) },
            None => return Selector::Nothing,
        },
    };
    Selector::Matching(m)
}

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Add,
    Delete,
    Kill,
    MoveToEnd,
}

/// The result of a cipher string: the TLS 1.2 suites in order, and the
/// security level an `@SECLEVEL=n` set.
pub struct CipherList {
    pub suites: Vec<&'static Suite>,
    pub security_level: Option<i32>,
}

/// OpenSSL 3.0's `OSSL_default_cipher_list()`, what "DEFAULT" at the start
/// of a string stands for.
pub const DEFAULT_CIPHER_LIST: &str = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

/// Evaluates a cipher string; None for a syntax error OpenSSL rejects
/// (an `@` command it does not know, a bad `@SECLEVEL`).
pub fn evaluate(rules: &str) -> Option<CipherList> {
    // Suite B strings are rewritten before anything else (check_suiteb_cipher_list).
    let rules = if let Some(rest) = rules.strip_prefix("SUITEB128ONLY") {
        format!("ECDHE-ECDSA-AES128-GCM-SHA256{rest}")
    } else if let Some(rest) = rules.strip_prefix("SUITEB128C2") {
        format!("ECDHE-ECDSA-AES256-GCM-SHA384{rest}")
    } else if let Some(rest) = rules.strip_prefix("SUITEB128") {
        format!("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384{rest}")
    } else if let Some(rest) = rules.strip_prefix("SUITEB192") {
        format!("ECDHE-ECDSA-AES256-GCM-SHA384{rest}")
    } else if let Some(rest) = rules.strip_prefix("DEFAULT") {
        // "DEFAULT" is expanded only at the start (ssl_create_cipher_list).
        format!("{DEFAULT_CIPHER_LIST}{}", if rest.is_empty() || rest.starts_with(':') { rest.to_string() } else { format!(":{rest}") })
    } else {
        rules.to_string()
    };
    // (suite, active); killed suites leave the list.
    let mut list: Vec<(&'static Suite, bool)> = TLS12_SUITES.iter().map(|s| (*s, false)).collect();
    let mut security_level = None;
    for word in rules.split([':', ' ', ',', ';']).filter(|w| !w.is_empty()) {
        if let Some(cmd) = word.strip_prefix('@') {
            match cmd {
                "STRENGTH" => strength_sort(&mut list),
                _ => {
                    let level: i32 = cmd.strip_prefix("SECLEVEL=")?.parse().ok().filter(|l| (0..=5).contains(l))?;
                    security_level = Some(level);
                }
            }
            continue;
        }
        let (op, body) = match word.as_bytes()[0] {
            b'!' => (Op::Kill, &word[1..]),
            b'-' => (Op::Delete, &word[1..]),
            b'+' => (Op::MoveToEnd, &word[1..]),
            _ => (Op::Add, word),
        };
        let mut mask = Some(Mask::default());
        for part in body.split('+') {
            mask = match (mask, selector(part)) {
                (Some(m), Selector::Matching(p)) => m.and(p),
                _ => None,
            };
        }
        if let Some(mask) = mask {
            apply(&mut list, op, &mask);
        }
    }
    let suites = list.iter().filter(|(_, active)| *active).map(|(s, _)| *s).collect();
    Some(CipherList { suites, security_level })
}

/// ssl_cipher_apply_rule on our list.
fn apply(list: &mut Vec<(&'static Suite, bool)>, op: Op, mask: &Mask) {
    match op {
        // Matching inactive suites go to the end, in list order.
        Op::Add => {
            let (mut moved, mut kept) = (Vec::new(), Vec::new());
            for e in list.drain(..) {
                if !e.1 && mask.matches(e.0) {
                    moved.push((e.0, true));
                } else {
                    kept.push(e);
                }
            }
            kept.extend(moved);
            *list = kept;
        }
        // Matching active suites go to the end.
        Op::MoveToEnd => {
            let (mut moved, mut kept) = (Vec::new(), Vec::new());
            for e in list.drain(..) {
                if e.1 && mask.matches(e.0) { moved.push(e) } else { kept.push(e) }
            }
            kept.extend(moved);
            *list = kept;
        }
        // Matching active suites become inactive at the head (they may come back).
        Op::Delete => {
            let (mut moved, mut kept) = (Vec::new(), Vec::new());
            for e in list.drain(..) {
                if e.1 && mask.matches(e.0) { moved.push((e.0, false)) } else { kept.push(e) }
            }
            moved.extend(kept);
            *list = moved;
        }
        Op::Kill => list.retain(|e| !mask.matches(e.0)),
    }
}

/// `@STRENGTH`: active suites by symmetric strength, strongest first, stable.
fn strength_sort(list: &mut [(&'static Suite, bool)]) {
    let mut active: Vec<(&'static Suite, bool)> = list.iter().copied().filter(|e| e.1).collect();
    active.sort_by_key(|e| std::cmp::Reverse(e.0.bits));
    let mut it = active.into_iter();
    // OpenSSL moves each strength class to the end in turn, so the active
    // suites end up after the inactive ones.
    let inactive: Vec<(&'static Suite, bool)> = list.iter().copied().filter(|e| !e.1).collect();
    let n = inactive.len();
    list[..n].copy_from_slice(&inactive);
    for slot in list[n..].iter_mut() {
        *slot = it.next().expect("same count");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<&'static str> {
        evaluate(s).unwrap().suites.iter().map(|s| s.openssl_name).collect()
    }

    /// Each expectation is `openssl ciphers STRING` (OpenSSL 3.0.19) with
    /// the suites we do not implement left out, as indexes into OpenSSL's
    /// starting order (TLS12_SUITES).
    #[test]
    fn orders_as_openssl() {
        let cases: &[(&str, &[usize])] = &[
            ("DEFAULT", &[0, 1, 3, 4, 5, 6, 16, 17, 19, 29, 30, 31, 39, 40, 41, 49, 50, 51, 58, 59, 60, 67, 68, 69, 70, 71, 76, 80, 81, 85, 86, 91, 95, 99, 101, 103, 104, 106, 107, 108, 109, 110, 111, 115, 117, 118, 120, 121, 123, 124, 125, 126, 127, 128, 132, 134, 135]),
            ("ALL:@STRENGTH", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 49, 50, 51, 52, 53, 54, 55, 56, 57, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 99, 100, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 58, 59, 60, 61, 62, 63, 64, 65, 66, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 101, 102, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136]),
            ("HIGH:!aNULL", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 29, 30, 31, 32, 33, 34, 35, 36, 39, 40, 41, 42, 43, 44, 45, 46, 49, 50, 51, 52, 53, 54, 58, 59, 60, 61, 62, 63, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136]),
            ("AES128:AES256", &[16, 17, 18, 19, 20, 21, 22, 23, 28, 39, 40, 41, 42, 47, 58, 59, 60, 61, 64, 65, 85, 86, 87, 88, 91, 92, 93, 95, 96, 97, 101, 120, 121, 122, 123, 124, 125, 126, 127, 128, 132, 134, 135, 0, 1, 2, 3, 7, 8, 9, 10, 15, 29, 30, 31, 32, 37, 49, 50, 51, 52, 55, 56, 67, 68, 72, 73, 76, 77, 78, 80, 82, 83, 99, 103, 104, 105, 106, 107, 108, 109, 110, 111, 115, 117, 118]),
            ("AES256+ECDSA:AES128", &[0, 7, 8, 29, 49, 16, 17, 18, 19, 20, 21, 22, 23, 28, 39, 40, 41, 42, 47, 58, 59, 60, 61, 64, 65, 85, 86, 87, 88, 91, 92, 93, 95, 96, 97, 101, 120, 121, 122, 123, 124, 125, 126, 127, 128, 132, 134, 135]),
            ("ECDSA:RSA", &[0, 4, 7, 8, 11, 16, 20, 21, 24, 29, 33, 39, 43, 49, 58, 76, 77, 78, 79, 91, 92, 93, 94, 99, 100, 101, 102, 115, 116, 132, 133]),
            ("ECDHE+AESGCM", &[0, 1, 16, 17]),
            ("SUITEB128", &[16, 0]),
            ("ECDHE-RSA-AES128-GCM-SHA256:bogus", &[17]),
            ("!AES128:DEFAULT", &[]),
            ("DEFAULT:-CHACHA20:+AES128", &[0, 1, 3, 29, 30, 31, 49, 50, 51, 67, 68, 76, 80, 99, 103, 104, 106, 107, 108, 109, 110, 111, 115, 117, 118, 16, 17, 19, 39, 40, 41, 58, 59, 60, 85, 86, 91, 95, 101, 120, 121, 123, 124, 125, 126, 127, 128, 132, 134, 135]),
            ("CHACHA20:DEFAULT:-AES256:AES256", &[4, 5, 6, 69, 70, 71, 81, 0, 1, 2, 3, 7, 8, 9, 10, 15, 29, 30, 31, 32, 37, 49, 50, 51, 52, 55, 56, 67, 68, 72, 73, 76, 77, 78, 80, 82, 83, 99, 103, 104, 105, 106, 107, 108, 109, 110, 111, 115, 117, 118]),
            ("aRSA:!AES128", &[1, 3, 5, 6, 9, 10, 12, 14, 25, 27, 30, 31, 34, 35, 44, 45, 50, 51, 53, 62, 67, 69, 74, 76, 77, 78, 79, 89, 94, 99, 100, 102, 106, 108, 110, 113, 115, 116, 130, 133]),
            ("RSA:SHA1:AEAD:CBC", &[76, 77, 78, 79, 91, 92, 93, 94, 99, 100, 101, 102, 115, 116, 132, 133, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 104, 105, 106, 107, 110, 111, 118, 121, 122, 123, 124, 127, 128, 135, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 103, 108, 109, 112, 113, 114, 117, 119, 120, 125, 126, 129, 130, 131, 134, 136]),
            ("ECDHE+AES:RSA+AES:!SHA1:@STRENGTH", &[0, 1, 7, 8, 29, 30, 76, 77, 78, 99, 16, 17, 20, 21, 39, 40, 91, 92, 93, 101]),
            ("kRSA+TLSv1.2:ECDHE+SHA1", &[76, 77, 78, 79, 91, 92, 93, 94, 99, 100, 101, 102, 49, 50, 58, 59]),
            ("HIGH+FIPS", &[]),
            ("DEFAULT:!kRSA:+SHA1", &[0, 1, 3, 4, 5, 6, 16, 17, 19, 29, 30, 31, 39, 40, 41, 67, 68, 69, 70, 71, 80, 81, 85, 86, 95, 103, 108, 109, 117, 120, 125, 126, 134, 49, 50, 51, 58, 59, 60, 104, 106, 107, 110, 111, 118, 121, 123, 124, 127, 128, 135]),
            ("ECDHE-RSA-AES128-SHA+TLSv1.2", &[]),
            ("TLSv1:SSLv3", &[49, 50, 55, 58, 59, 64, 103, 104, 108, 109, 112, 113, 114, 117, 119, 120, 121, 125, 126, 129, 130, 131, 134, 136, 51, 52, 53, 54, 56, 57, 60, 61, 62, 63, 65, 66, 105, 106, 107, 110, 111, 115, 116, 118, 122, 123, 124, 127, 128, 132, 133, 135]),
            ("FIPS:-SHA256", &[0, 1, 2, 3, 15, 16, 17, 18, 19, 28, 29, 30, 49, 50, 51, 52, 55, 56, 58, 59, 60, 61, 64, 65, 67, 68, 76, 80, 85, 86, 91, 95, 103, 104, 108, 109, 110, 111, 115, 117, 118, 121, 127, 128, 132, 135]),
            ("kEDH:aNULL:CAMELLIA:PSK", &[2, 3, 6, 9, 10, 13, 14, 15, 18, 19, 22, 23, 26, 27, 28, 31, 32, 35, 36, 37, 38, 41, 42, 45, 46, 47, 48, 51, 52, 53, 54, 56, 57, 60, 61, 62, 63, 65, 66, 55, 64, 33, 34, 43, 44, 100, 102, 112, 113, 114, 116, 119, 129, 130, 131, 133, 136, 67, 68, 69, 70, 71, 72, 73, 74, 75, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 95, 96, 97, 98, 103, 104, 108, 109, 110, 111, 117, 118, 120, 121, 125, 126, 127, 128, 134, 135]),
            ("AES256-SHA:ECDHE-ECDSA-AES128-SHA256", &[115, 39]),
            ("DHE", &[2, 3, 6, 9, 10, 13, 14, 18, 19, 22, 23, 26, 27, 31, 32, 35, 36, 41, 42, 45, 46, 51, 52, 53, 54, 60, 61, 62, 63]),
            ("kEDH:ECDHE", &[2, 3, 6, 9, 10, 13, 14, 15, 18, 19, 22, 23, 26, 27, 28, 31, 32, 35, 36, 37, 38, 41, 42, 45, 46, 47, 48, 51, 52, 53, 54, 56, 57, 60, 61, 62, 63, 65, 66, 0, 1, 4, 5, 7, 8, 11, 12, 16, 17, 20, 21, 24, 25, 29, 30, 33, 34, 39, 40, 43, 44, 49, 50, 58, 59]),
            ("EDH+AESGCM", &[2, 3, 18, 19]),
            ("DH+AES256:!SHA1", &[2, 3, 9, 10, 15, 31, 32, 37]),
            ("DEFAULT:!kDHE", &[0, 1, 4, 5, 16, 17, 29, 30, 39, 40, 49, 50, 58, 59, 67, 68, 69, 70, 71, 76, 80, 81, 85, 86, 91, 95, 99, 101, 103, 104, 106, 107, 108, 109, 110, 111, 115, 117, 118, 120, 121, 123, 124, 125, 126, 127, 128, 132, 134, 135]),
            ("PSK", &[67, 68, 69, 70, 71, 72, 73, 74, 75, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 95, 96, 97, 98, 103, 104, 108, 109, 110, 111, 112, 113, 114, 117, 118, 119, 120, 121, 125, 126, 127, 128, 129, 130, 131, 134, 135, 136]),
            ("kPSK:kRSAPSK", &[80, 81, 82, 83, 84, 95, 96, 97, 98, 117, 118, 119, 134, 135, 136, 67, 69, 74, 85, 89, 108, 110, 113, 125, 127, 130]),
            ("aPSK:@STRENGTH", &[68, 70, 71, 72, 73, 75, 80, 81, 82, 83, 84, 103, 104, 109, 111, 112, 114, 117, 118, 119, 86, 87, 88, 90, 95, 96, 97, 98, 120, 121, 126, 128, 129, 131, 134, 135, 136]),
            ("kECDHEPSK+AES256", &[103, 104]),
            ("PSK:!aPSK", &[67, 69, 74, 85, 89, 108, 110, 113, 125, 127, 130]),
            ("RSA-PSK-AES128-GCM-SHA256:PSK-AES128-CBC-SHA", &[85, 135]),
            ("DEFAULT:!PSK", &[0, 1, 3, 4, 5, 6, 16, 17, 19, 29, 30, 31, 39, 40, 41, 49, 50, 51, 58, 59, 60, 76, 91, 99, 101, 106, 107, 115, 123, 124, 132]),
            ("HIGH:!aNULL:!MD5", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 29, 30, 31, 32, 33, 34, 35, 36, 39, 40, 41, 42, 43, 44, 45, 46, 49, 50, 51, 52, 53, 54, 58, 59, 60, 61, 62, 63, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136]),
            ("kDHEPSK:kDHE", &[68, 70, 72, 73, 75, 86, 87, 88, 90, 109, 111, 114, 126, 128, 131, 2, 3, 6, 9, 10, 13, 14, 15, 18, 19, 22, 23, 26, 27, 28, 31, 32, 35, 36, 37, 38, 41, 42, 45, 46, 47, 48, 51, 52, 53, 54, 56, 57, 60, 61, 62, 63, 65, 66]),
            ("aRSA+AESGCM", &[1, 3, 17, 19, 67, 76, 85, 91]),
            ("ECDHE:PSK:-SHA1", &[0, 1, 4, 5, 7, 8, 11, 12, 16, 17, 20, 21, 24, 25, 29, 30, 33, 34, 39, 40, 43, 44, 67, 68, 69, 70, 71, 72, 73, 74, 75, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 95, 96, 97, 98, 103, 108, 109, 112, 113, 114, 117, 119, 120, 125, 126, 129, 130, 131, 134, 136]),
            ("CAMELLIA", &[33, 34, 35, 36, 38, 43, 44, 45, 46, 48, 53, 54, 57, 62, 63, 66, 100, 102, 112, 113, 114, 116, 119, 129, 130, 131, 133, 136]),
            ("aNULL", &[15, 28, 37, 38, 47, 48, 55, 56, 57, 64, 65, 66]),
            ("ADH:AECDH", &[15, 28, 37, 38, 47, 48, 56, 57, 65, 66, 55, 64]),
            ("CAMELLIA+ECDSA:@STRENGTH", &[33, 43]),
            ("COMPLEMENTOFDEFAULT", &[2, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18, 20, 21, 22, 23, 24, 25, 26, 27, 28, 32, 33, 34, 35, 36, 37, 38, 42, 43, 44, 45, 46, 47, 48, 52, 53, 54, 55, 56, 57, 61, 62, 63, 64, 65, 66, 72, 73, 74, 75, 77, 78, 79, 82, 83, 84, 87, 88, 89, 90, 92, 93, 94, 96, 97, 98, 100, 102, 105, 112, 113, 114, 116, 119, 122, 129, 130, 131, 133, 136]),
            ("ALL:!aNULL:!CAMELLIA", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 29, 30, 31, 32, 39, 40, 41, 42, 49, 50, 51, 52, 58, 59, 60, 61, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 101, 103, 104, 105, 106, 107, 108, 109, 110, 111, 115, 117, 118, 120, 121, 122, 123, 124, 125, 126, 127, 128, 132, 134, 135]),
            ("DEFAULT:ADH", &[0, 1, 3, 4, 5, 6, 16, 17, 19, 29, 30, 31, 39, 40, 41, 49, 50, 51, 58, 59, 60, 67, 68, 69, 70, 71, 76, 80, 81, 85, 86, 91, 95, 99, 101, 103, 104, 106, 107, 108, 109, 110, 111, 115, 117, 118, 120, 121, 123, 124, 125, 126, 127, 128, 132, 134, 135]),
            ("EDH:!ADH", &[2, 3, 6, 9, 10, 13, 14, 18, 19, 22, 23, 26, 27, 31, 32, 35, 36, 41, 42, 45, 46, 51, 52, 53, 54, 60, 61, 62, 63]),
            ("CAMELLIA128:+SHA1", &[43, 44, 45, 46, 48, 102, 129, 130, 131, 136, 62, 63, 66, 133]),
            ("AESCCM", &[7, 8, 9, 10, 20, 21, 22, 23, 72, 73, 77, 78, 82, 83, 87, 88, 92, 93, 96, 97]),
            ("AESCCM8:ARIA", &[7, 9, 20, 22, 72, 77, 82, 87, 92, 96, 11, 12, 13, 14, 24, 25, 26, 27, 74, 75, 79, 84, 89, 90, 94, 98]),
            ("AES128:@STRENGTH", &[16, 17, 18, 19, 20, 21, 22, 23, 28, 39, 40, 41, 42, 47, 58, 59, 60, 61, 64, 65, 85, 86, 87, 88, 91, 92, 93, 95, 96, 97, 101, 120, 121, 122, 123, 124, 125, 126, 127, 128, 132, 134, 135]),
            ("ARIA256+kECDHE", &[11, 12]),
            ("AESCCM+PSK:CAMELLIA+PSK", &[72, 73, 82, 83, 87, 88, 96, 97, 112, 113, 114, 119, 129, 130, 131, 136]),
            ("DSS", &[2, 13, 18, 26, 32, 36, 42, 46, 52, 54, 61, 63, 105, 122]),
            ("aDSS+AESGCM:DHE", &[2, 18, 3, 6, 9, 10, 13, 14, 19, 22, 23, 26, 27, 31, 32, 35, 36, 41, 42, 45, 46, 51, 52, 53, 54, 60, 61, 62, 63]),
            ("DEFAULT:DSS", &[0, 1, 3, 4, 5, 6, 16, 17, 19, 29, 30, 31, 39, 40, 41, 49, 50, 51, 58, 59, 60, 67, 68, 69, 70, 71, 76, 80, 81, 85, 86, 91, 95, 99, 101, 103, 104, 106, 107, 108, 109, 110, 111, 115, 117, 118, 120, 121, 123, 124, 125, 126, 127, 128, 132, 134, 135]),
            ("SRP", &[105, 106, 107, 122, 123, 124]),
            ("aSRP:kSRP+aRSA", &[107, 124, 106, 123]),
            ("DEFAULT:!SRP:SRP", &[0, 1, 3, 4, 5, 6, 16, 17, 19, 29, 30, 31, 39, 40, 41, 49, 50, 51, 58, 59, 60, 67, 68, 69, 70, 71, 76, 80, 81, 85, 86, 91, 95, 99, 101, 103, 104, 108, 109, 110, 111, 115, 117, 118, 120, 121, 125, 126, 127, 128, 132, 134, 135]),
        ];
        for (rules, expected) in cases {
            let want: Vec<&str> = expected.iter().map(|i| TLS12_SUITES[*i].openssl_name).collect();
            assert_eq!(names(rules), want, "{rules}");
        }
    }

    #[test]
    fn security_level_and_bad_commands() {
        assert_eq!(evaluate("DEFAULT:@SECLEVEL=2").unwrap().security_level, Some(2));
        assert!(evaluate("DEFAULT:@SECLEVEL=9").is_none());
        assert!(evaluate("DEFAULT:@BOGUS").is_none());
    }
}
