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
/// OpenSSL's SSL_PSK: the four PSK key exchanges.
const K_ANY_PSK: u32 = K_PSK | K_ECDHEPSK | K_DHEPSK | K_RSAPSK;
const A_RSA: u32 = 1;
const A_ECDSA: u32 = 2;
const A_NULL: u32 = 4;
const A_PSK: u32 = 8;
const A_OTHER: u32 = 16;
const A_ALL: u32 = A_RSA | A_ECDSA | A_NULL | A_PSK | A_OTHER;
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
            Kx::Ecdhe | Kx::Any => K_ECDHE,
        },
        auth: match s.auth {
            Auth::Ecdsa => A_ECDSA,
            Auth::Psk => A_PSK,
            Auth::Null => A_NULL,
            Auth::Rsa | Auth::Any => A_RSA,
        },
        enc,
        mac,
        min_tls: s.min_version,
        // Every suite of ours is HIGH; AES-CBC and AES-GCM ones are also FIPS.
        strength: if enc & (E_AES128 | E_AES256 | E_AES128GCM | E_AES256GCM) != 0 { S_HIGH | S_FIPS } else { S_HIGH },
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
        "kSRP" | "SRP" | "kGOST" | "kGOST18" => Mask { mkey: K_OTHER, ..any },
        "aRSA" => Mask { auth: A_RSA, ..any },
        "aECDSA" | "ECDSA" => Mask { auth: A_ECDSA, ..any },
        "aNULL" => Mask { auth: A_NULL, ..any },
        "aDSS" | "DSS" | "aSRP" | "aGOST01" | "aGOST12" | "aGOST" => Mask { auth: A_OTHER, ..any },
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
            ("DEFAULT", &[0, 1, 2, 3, 4, 5, 14, 15, 16, 25, 26, 27, 33, 34, 35, 41, 42, 43, 48, 49, 50, 55, 56, 57, 58, 59, 64, 68, 69, 73, 74, 79, 83, 87, 89, 91, 92, 93, 94, 95, 96, 100, 102, 103, 105, 106, 107, 108, 109, 110, 114, 116, 117]),
            ("ALL:@STRENGTH", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 26, 27, 28, 29, 30, 31, 32, 41, 42, 43, 44, 45, 46, 47, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 87, 88, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 33, 34, 35, 36, 37, 38, 39, 40, 48, 49, 50, 51, 52, 53, 54, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 89, 90, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118]),
            ("HIGH:!aNULL", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27, 28, 29, 30, 33, 34, 35, 36, 37, 38, 41, 42, 43, 44, 48, 49, 50, 51, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118]),
            ("AES128:AES256", &[14, 15, 16, 17, 18, 19, 20, 24, 33, 34, 35, 39, 48, 49, 50, 52, 53, 73, 74, 75, 76, 79, 80, 81, 83, 84, 85, 89, 105, 106, 107, 108, 109, 110, 114, 116, 117, 0, 1, 2, 6, 7, 8, 9, 13, 25, 26, 27, 31, 41, 42, 43, 45, 46, 55, 56, 60, 61, 64, 65, 66, 68, 70, 71, 87, 91, 92, 93, 94, 95, 96, 100, 102, 103]),
            ("AES256+ECDSA:AES128", &[0, 6, 7, 25, 41, 14, 15, 16, 17, 18, 19, 20, 24, 33, 34, 35, 39, 48, 49, 50, 52, 53, 73, 74, 75, 76, 79, 80, 81, 83, 84, 85, 89, 105, 106, 107, 108, 109, 110, 114, 116, 117]),
            ("ECDSA:RSA", &[0, 3, 6, 7, 10, 14, 17, 18, 21, 25, 28, 33, 36, 41, 48, 64, 65, 66, 67, 79, 80, 81, 82, 87, 88, 89, 90, 100, 101, 114, 115]),
            ("ECDHE+AESGCM", &[0, 1, 14, 15]),
            ("SUITEB128", &[14, 0]),
            ("ECDHE-RSA-AES128-GCM-SHA256:bogus", &[15]),
            ("!AES128:DEFAULT", &[]),
            ("DEFAULT:-CHACHA20:+AES128", &[0, 1, 2, 25, 26, 27, 41, 42, 43, 55, 56, 64, 68, 87, 91, 92, 93, 94, 95, 96, 100, 102, 103, 14, 15, 16, 33, 34, 35, 48, 49, 50, 73, 74, 79, 83, 89, 105, 106, 107, 108, 109, 110, 114, 116, 117]),
            ("CHACHA20:DEFAULT:-AES256:AES256", &[3, 4, 5, 57, 58, 59, 69, 0, 1, 2, 6, 7, 8, 9, 13, 25, 26, 27, 31, 41, 42, 43, 45, 46, 55, 56, 60, 61, 64, 65, 66, 68, 70, 71, 87, 91, 92, 93, 94, 95, 96, 100, 102, 103]),
            ("aRSA:!AES128", &[1, 2, 4, 5, 8, 9, 11, 12, 22, 23, 26, 27, 29, 30, 37, 38, 42, 43, 44, 51, 55, 57, 62, 64, 65, 66, 67, 77, 82, 87, 88, 90, 93, 95, 98, 100, 101, 112, 115]),
            ("RSA:SHA1:AEAD:CBC", &[64, 65, 66, 67, 79, 80, 81, 82, 87, 88, 89, 90, 100, 101, 114, 115, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 92, 95, 96, 103, 106, 109, 110, 117, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 91, 93, 94, 97, 98, 99, 102, 104, 105, 107, 108, 111, 112, 113, 116, 118]),
            ("ECDHE+AES:RSA+AES:!SHA1:@STRENGTH", &[0, 1, 6, 7, 25, 26, 64, 65, 66, 87, 14, 15, 17, 18, 33, 34, 79, 80, 81, 89]),
            ("kRSA+TLSv1.2:ECDHE+SHA1", &[64, 65, 66, 67, 79, 80, 81, 82, 87, 88, 89, 90, 41, 42, 48, 49]),
            ("HIGH+FIPS", &[]),
            ("DEFAULT:!kRSA:+SHA1", &[0, 1, 2, 3, 4, 5, 14, 15, 16, 25, 26, 27, 33, 34, 35, 55, 56, 57, 58, 59, 68, 69, 73, 74, 83, 91, 93, 94, 102, 105, 107, 108, 116, 41, 42, 43, 48, 49, 50, 92, 95, 96, 103, 106, 109, 110, 117]),
            ("ECDHE-RSA-AES128-SHA+TLSv1.2", &[]),
            ("TLSv1:SSLv3", &[41, 42, 45, 48, 49, 52, 91, 92, 93, 94, 97, 98, 99, 102, 104, 105, 106, 107, 108, 111, 112, 113, 116, 118, 43, 44, 46, 47, 50, 51, 53, 54, 95, 96, 100, 101, 103, 109, 110, 114, 115, 117]),
            ("FIPS:-SHA256", &[0, 1, 2, 13, 14, 15, 16, 24, 25, 26, 41, 42, 43, 45, 46, 48, 49, 50, 52, 53, 55, 56, 64, 68, 73, 74, 79, 83, 91, 92, 93, 94, 95, 96, 100, 102, 103, 106, 109, 110, 114, 117]),
            ("kEDH:aNULL:CAMELLIA:PSK", &[2, 5, 8, 9, 12, 13, 16, 19, 20, 23, 24, 27, 30, 31, 32, 35, 38, 39, 40, 43, 44, 46, 47, 50, 51, 53, 54, 45, 52, 28, 29, 36, 37, 88, 90, 97, 98, 99, 101, 104, 111, 112, 113, 115, 118, 55, 56, 57, 58, 59, 60, 61, 62, 63, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 83, 84, 85, 86, 91, 92, 93, 94, 95, 96, 102, 103, 105, 106, 107, 108, 109, 110, 116, 117]),
            ("AES256-SHA:ECDHE-ECDSA-AES128-SHA256", &[100, 33]),
            ("DHE", &[2, 5, 8, 9, 12, 16, 19, 20, 23, 27, 30, 35, 38, 43, 44, 50, 51]),
            ("kEDH:ECDHE", &[2, 5, 8, 9, 12, 13, 16, 19, 20, 23, 24, 27, 30, 31, 32, 35, 38, 39, 40, 43, 44, 46, 47, 50, 51, 53, 54, 0, 1, 3, 4, 6, 7, 10, 11, 14, 15, 17, 18, 21, 22, 25, 26, 28, 29, 33, 34, 36, 37, 41, 42, 48, 49]),
            ("EDH+AESGCM", &[2, 16]),
            ("DH+AES256:!SHA1", &[2, 8, 9, 13, 27, 31]),
            ("DEFAULT:!kDHE", &[0, 1, 3, 4, 14, 15, 25, 26, 33, 34, 41, 42, 48, 49, 55, 56, 57, 58, 59, 64, 68, 69, 73, 74, 79, 83, 87, 89, 91, 92, 93, 94, 95, 96, 100, 102, 103, 105, 106, 107, 108, 109, 110, 114, 116, 117]),
            ("PSK", &[55, 56, 57, 58, 59, 60, 61, 62, 63, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 83, 84, 85, 86, 91, 92, 93, 94, 95, 96, 97, 98, 99, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 116, 117, 118]),
            ("kPSK:kRSAPSK", &[68, 69, 70, 71, 72, 83, 84, 85, 86, 102, 103, 104, 116, 117, 118, 55, 57, 62, 73, 77, 93, 95, 98, 107, 109, 112]),
            ("aPSK:@STRENGTH", &[56, 58, 59, 60, 61, 63, 68, 69, 70, 71, 72, 91, 92, 94, 96, 97, 99, 102, 103, 104, 74, 75, 76, 78, 83, 84, 85, 86, 105, 106, 108, 110, 111, 113, 116, 117, 118]),
            ("kECDHEPSK+AES256", &[91, 92]),
            ("PSK:!aPSK", &[55, 57, 62, 73, 77, 93, 95, 98, 107, 109, 112]),
            ("RSA-PSK-AES128-GCM-SHA256:PSK-AES128-CBC-SHA", &[73, 117]),
            ("DEFAULT:!PSK", &[0, 1, 2, 3, 4, 5, 14, 15, 16, 25, 26, 27, 33, 34, 35, 41, 42, 43, 48, 49, 50, 64, 79, 87, 89, 100, 114]),
            ("HIGH:!aNULL:!MD5", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27, 28, 29, 30, 33, 34, 35, 36, 37, 38, 41, 42, 43, 44, 48, 49, 50, 51, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118]),
            ("kDHEPSK:kDHE", &[56, 58, 60, 61, 63, 74, 75, 76, 78, 94, 96, 99, 108, 110, 113, 2, 5, 8, 9, 12, 13, 16, 19, 20, 23, 24, 27, 30, 31, 32, 35, 38, 39, 40, 43, 44, 46, 47, 50, 51, 53, 54]),
            ("aRSA+AESGCM", &[1, 2, 15, 16, 55, 64, 73, 79]),
            ("ECDHE:PSK:-SHA1", &[0, 1, 3, 4, 6, 7, 10, 11, 14, 15, 17, 18, 21, 22, 25, 26, 28, 29, 33, 34, 36, 37, 55, 56, 57, 58, 59, 60, 61, 62, 63, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 83, 84, 85, 86, 91, 93, 94, 97, 98, 99, 102, 104, 105, 107, 108, 111, 112, 113, 116, 118]),
            ("CAMELLIA", &[28, 29, 30, 32, 36, 37, 38, 40, 44, 47, 51, 54, 88, 90, 97, 98, 99, 101, 104, 111, 112, 113, 115, 118]),
            ("aNULL", &[13, 24, 31, 32, 39, 40, 45, 46, 47, 52, 53, 54]),
            ("ADH:AECDH", &[13, 24, 31, 32, 39, 40, 46, 47, 53, 54, 45, 52]),
            ("CAMELLIA+ECDSA:@STRENGTH", &[28, 36]),
            ("COMPLEMENTOFDEFAULT", &[6, 7, 8, 9, 10, 11, 12, 13, 17, 18, 19, 20, 21, 22, 23, 24, 28, 29, 30, 31, 32, 36, 37, 38, 39, 40, 44, 45, 46, 47, 51, 52, 53, 54, 60, 61, 62, 63, 65, 66, 67, 70, 71, 72, 75, 76, 77, 78, 80, 81, 82, 84, 85, 86, 88, 90, 97, 98, 99, 101, 104, 111, 112, 113, 115, 118]),
            ("ALL:!aNULL:!CAMELLIA", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27, 33, 34, 35, 41, 42, 43, 48, 49, 50, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 89, 91, 92, 93, 94, 95, 96, 100, 102, 103, 105, 106, 107, 108, 109, 110, 114, 116, 117]),
            ("DEFAULT:ADH", &[0, 1, 2, 3, 4, 5, 14, 15, 16, 25, 26, 27, 33, 34, 35, 41, 42, 43, 48, 49, 50, 55, 56, 57, 58, 59, 64, 68, 69, 73, 74, 79, 83, 87, 89, 91, 92, 93, 94, 95, 96, 100, 102, 103, 105, 106, 107, 108, 109, 110, 114, 116, 117]),
            ("EDH:!ADH", &[2, 5, 8, 9, 12, 16, 19, 20, 23, 27, 30, 35, 38, 43, 44, 50, 51]),
            ("CAMELLIA128:+SHA1", &[36, 37, 38, 40, 90, 111, 112, 113, 118, 51, 54, 115]),
            ("AESCCM", &[6, 7, 8, 9, 17, 18, 19, 20, 60, 61, 65, 66, 70, 71, 75, 76, 80, 81, 84, 85]),
            ("AESCCM8:ARIA", &[6, 8, 17, 19, 60, 65, 70, 75, 80, 84, 10, 11, 12, 21, 22, 23, 62, 63, 67, 72, 77, 78, 82, 86]),
            ("AES128:@STRENGTH", &[14, 15, 16, 17, 18, 19, 20, 24, 33, 34, 35, 39, 48, 49, 50, 52, 53, 73, 74, 75, 76, 79, 80, 81, 83, 84, 85, 89, 105, 106, 107, 108, 109, 110, 114, 116, 117]),
            ("ARIA256+kECDHE", &[10, 11]),
            ("AESCCM+PSK:CAMELLIA+PSK", &[60, 61, 70, 71, 75, 76, 84, 85, 97, 98, 99, 104, 111, 112, 113, 118]),
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
