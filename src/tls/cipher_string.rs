//! OpenSSL's cipher-string language (`SSL_CTX_set_cipher_list`,
//! ciphers(1)), evaluated as `ssl_create_cipher_list` does over the TLS 1.2
//! suites we implement: start from OpenSSL's default order, apply each rule
//! (add, `-` delete, `!` kill, `+` move to the end, `@STRENGTH`), and keep
//! the active suites in order. Every operation keeps the relative order of
//! any subset of suites, so the list equals OpenSSL's minus the suites we
//! do not have (measured against `openssl ciphers` in the tests).

use super::suites::{Auth, Suite, TLS12_SUITES};
use crate::crypto::aead::AeadAlg;

/// What a word of the language selects among our suites.
#[derive(Clone, Copy)]
enum Selector {
    /// A known alias or suite name that selects none of ours (static RSA,
    /// DHE, CBC, SHA-1 MACs, PSK, ...), or an unknown word: both no-ops.
    Nothing,
    Matching(Mask),
}

/// Conditions on a suite, ANDed; `None` = any.
#[derive(Clone, Copy, Default)]
struct Mask {
    auth: Option<Auth>,
    aead: Option<&'static [AeadAlg]>,
    suite: Option<u16>,
}

impl Mask {
    fn matches(&self, s: &Suite) -> bool {
        self.auth.is_none_or(|a| a == s.auth)
            && self.aead.is_none_or(|l| l.contains(&s.aead))
            && self.suite.is_none_or(|id| id == s.iana)
    }

    /// "A+B": both conditions; an empty intersection selects nothing.
    fn and(self, other: Mask) -> Option<Mask> {
        fn both<T: PartialEq + Copy>(a: Option<T>, b: Option<T>) -> Option<Option<T>> {
            match (a, b) {
                (Some(x), Some(y)) if x != y => None,
                (x, y) => Some(x.or(y)),
            }
        }
        let aead = match (self.aead, other.aead) {
            (Some(a), Some(b)) => {
                let i: Vec<AeadAlg> = a.iter().copied().filter(|x| b.contains(x)).collect();
                if i.is_empty() {
                    return None;
                }
                // The intersections of our alias sets are themselves aliases.
                Some(aead_set(&i))
            }
            (a, b) => a.or(b),
        };
        Some(Mask { auth: both(self.auth, other.auth)?, aead, suite: both(self.suite, other.suite)? })
    }
}

const AES128: &[AeadAlg] = &[AeadAlg::Aes128Gcm];
const AES256: &[AeadAlg] = &[AeadAlg::Aes256Gcm];
const AESGCM: &[AeadAlg] = &[AeadAlg::Aes128Gcm, AeadAlg::Aes256Gcm];
const CHACHA: &[AeadAlg] = &[AeadAlg::ChaCha20Poly1305];

fn aead_set(v: &[AeadAlg]) -> &'static [AeadAlg] {
    match v {
        [AeadAlg::Aes128Gcm] => AES128,
        [AeadAlg::Aes256Gcm] => AES256,
        [AeadAlg::ChaCha20Poly1305] => CHACHA,
        _ => AESGCM,
    }
}

/// One word (an alias or a suite name). The aliases that select some of
/// our suites are OpenSSL 3.0's `cipher_aliases` entries for ECDHE key
/// exchange, RSA/ECDSA authentication, AES-GCM and ChaCha20 encryption,
/// the HIGH strength, FIPS (AES-GCM) and TLSv1.2; every other alias or
/// name selects suites we do not implement.
fn selector(word: &str) -> Selector {
    let any = Mask::default();
    let m = match word {
        "ALL" | "ECDH" | "kECDHE" | "kEECDH" | "ECDHE" | "EECDH" | "HIGH" | "TLSv1.2" => any,
        "aRSA" => Mask { auth: Some(Auth::Rsa), ..any },
        "aECDSA" | "ECDSA" => Mask { auth: Some(Auth::Ecdsa), ..any },
        "AES" | "AESGCM" | "FIPS" => Mask { aead: Some(AESGCM), ..any },
        "AES128" => Mask { aead: Some(AES128), ..any },
        "AES256" => Mask { aead: Some(AES256), ..any },
        "CHACHA20" => Mask { aead: Some(CHACHA), ..any },
        name => match TLS12_SUITES.iter().find(|s| s.openssl_name == name) {
            Some(s) => Mask { suite: Some(s.iana), ..any },
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
    /// the suites we do not implement left out.
    #[test]
    fn orders_as_openssl() {
        let all = vec![
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-CHACHA20-POLY1305",
            "ECDHE-RSA-CHACHA20-POLY1305",
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES128-GCM-SHA256",
        ];
        assert_eq!(names("DEFAULT"), all);
        assert_eq!(names("HIGH:!aNULL"), all);
        assert_eq!(names("ALL:@STRENGTH"), all);
        assert_eq!(names("AES128:AES256"), vec![all[4], all[5], all[0], all[1]]);
        assert_eq!(names("AES256+ECDSA:AES128"), vec![all[0], all[4], all[5]]);
        assert_eq!(names("ECDSA:RSA"), vec![all[0], all[2], all[4]]);
        assert_eq!(names("ECDHE+AESGCM"), vec![all[0], all[1], all[4], all[5]]);
        assert_eq!(names("SUITEB128"), vec![all[4], all[0]]);
        assert_eq!(names("ECDHE-RSA-AES128-GCM-SHA256:bogus"), vec![all[5]]);
        assert!(names("!AES128:DEFAULT").is_empty(), "DEFAULT is special only at the start");
        assert_eq!(names("DEFAULT:-CHACHA20:+AES128"), vec![all[0], all[1], all[4], all[5]]);
        assert_eq!(names("CHACHA20:DEFAULT:-AES256:AES256"), vec![all[2], all[3], all[0], all[1]]);
        assert_eq!(names("aRSA:!AES128"), vec![all[1], all[3]]);
    }

    #[test]
    fn security_level_and_bad_commands() {
        assert_eq!(evaluate("DEFAULT:@SECLEVEL=2").unwrap().security_level, Some(2));
        assert!(evaluate("DEFAULT:@SECLEVEL=9").is_none());
        assert!(evaluate("DEFAULT:@BOGUS").is_none());
        assert!(names("RSA:SHA1:AEAD:CBC").is_empty());
    }
}
