//! What client and server connections share: the record layer, handshake
//! message reassembly, alerts, application data, KeyUpdate and close_notify.
//! Each side's state machine asks `next_handshake_message` for its input.

use super::alert::{AlertDescription, LEVEL_FATAL, LEVEL_WARNING};
use super::key_schedule::{self as ks, Secret};
use super::msgs::misc::{encode_key_update, parse_key_update};
use super::msgs::{HandshakeJoiner, MessageLimits};
use super::record::{self, RecordLayer};
use super::suites::Suite;
use super::{Error, Reason};

/// OpenSSL's MAX_WARN_ALERT_COUNT: consecutive TLS 1.2 warning alerts
/// before `SSL_R_TOO_MANY_WARN_ALERTS`.
const MAX_WARN_ALERTS: u32 = 5;

/// A finite-field DH public key: p, g and the public value.
pub type DhPublic = (Vec<u8>, Vec<u8>, Vec<u8>);

/// The largest receive buffer `release_idle_buffers` frees (a few
/// handshake or small application records).
const IDLE_BUFFER_MAX: usize = 4096;

#[derive(Default)]
pub struct Common {
    pub record: RecordLayer,
    joiner: HandshakeJoiner,
    /// The largest message of each type accepted from the peer.
    pub limits: MessageLimits,
    /// Received application data not yet read: `plaintext[plaintext_start..]`.
    plaintext: Vec<u8>,
    plaintext_start: usize,
    pub suite: Option<&'static Suite>,
    /// Our and the peer's current application traffic secrets.
    pub our_app: Secret,
    pub peer_app: Secret,
    /// The scheme of the peer's CertificateVerify (`SSL_get_peer_signature_nid`).
    pub peer_sig_scheme: Option<u16>,
    /// The peer's (EC)DHE public key and its group (`SSL_get_peer_tmp_key`).
    pub peer_key_share: Option<(crate::crypto::kx::Group, Vec<u8>)>,
    /// Our own (EC)DHE public key (`SSL_get_tmp_key`) and the scheme of our
    /// CertificateVerify, if we sent one (`SSL_get_signature_nid`).
    pub our_key_share: Option<(crate::crypto::kx::Group, Vec<u8>)>,
    /// TLS 1.2 DHE: the peer's and our (p, g, public value), for the same
    /// two functions.
    /// Boxed: only TLS 1.2's DHE suites have them.
    pub peer_dh: Option<Box<DhPublic>>,
    pub our_dh: Option<Box<DhPublic>>,
    pub our_sig_scheme: Option<u16>,
    /// exporter_master_secret (RFC 8446 section 7.5).
    pub exporter_master: Secret,
    /// The hellos' randoms (`SSL_get_client_random` / `SSL_get_server_random`).
    pub client_random: [u8; 32],
    pub server_random: [u8; 32],
    /// Our and the peer's Finished verify_data (`SSL_get_finished` / `SSL_get_peer_finished`).
    pub our_finished: Vec<u8>,
    pub peer_finished: Vec<u8>,
    pub handshake_done: bool,
    /// Handshakes completed on this connection: the first, then each
    /// TLS 1.2 renegotiation.
    pub handshakes_completed: u32,
    /// TLS 1.2 renegotiations begun (a ClientHello sent or accepted).
    pub renegotiations_started: u32,
    pub started: bool,
    pub peer_closed: bool,
    pub sent_close: bool,
    /// A fatal error ended the connection; nothing more is processed.
    pub failed: Option<Error>,
    /// The negotiated version (0 until the hellos are done).
    pub version: u16,
    /// The TLS 1.2 master secret (exporter, session, keylog).
    pub tls12_master: Secret,
    warn_alerts: u32,
}

impl Common {
    /// A fresh connection state accepting messages up to `limits`.
    pub fn with_limits(limits: MessageLimits) -> Self {
        Common { limits, ..Common::default() }
    }

    pub fn bytes_wanted(&self) -> usize {
        self.record.bytes_wanted()
    }

    pub fn take_outgoing(&mut self) -> Vec<u8> {
        self.record.take_outgoing()
    }

    /// Gives an emptied output buffer back for reuse.
    pub fn return_outgoing(&mut self, buf: Vec<u8>) {
        self.record.return_outgoing(buf)
    }

    pub fn plaintext_len(&self) -> usize {
        self.plaintext.len() - self.plaintext_start + self.record.app_data().len()
    }

    /// Copies out unread application data: first what was set aside in
    /// `plaintext`, then the record still in the receive buffer.
    pub fn read_plaintext(&mut self, out: &mut [u8], peek: bool) -> usize {
        let older = &self.plaintext[self.plaintext_start..];
        let a = out.len().min(older.len());
        out[..a].copy_from_slice(&older[..a]);
        let newer = self.record.app_data();
        let b = (out.len() - a).min(newer.len());
        out[a..a + b].copy_from_slice(&newer[..b]);
        if !peek {
            self.plaintext_start += a;
            if self.plaintext_start == self.plaintext.len() {
                self.plaintext.clear();
                self.plaintext_start = 0;
            }
            self.record.consume_app_data(b);
            self.release_idle_buffers();
        }
        a + b
    }

    /// Once the handshake is done, buffers that hold nothing are freed: the
    /// handshake reassembly buffer, set-aside plaintext, and a small receive
    /// buffer (what a connection keeps is its keys, its session and buffers
    /// sized to need). A receive buffer above `IDLE_BUFFER_MAX` belongs to a
    /// bulk transfer and is kept, so records of 16 KiB are not reallocated
    /// one by one.
    pub fn release_idle_buffers(&mut self) {
        if !self.handshake_done {
            return;
        }
        if self.joiner.is_empty() {
            self.joiner = HandshakeJoiner::default();
        }
        if self.plaintext.is_empty() {
            self.plaintext = Vec::new();
            self.plaintext_start = 0;
        }
        self.record.release_idle_incoming(IDLE_BUFFER_MAX);
    }

    /// Records the error and queues the alert it calls for.
    pub fn fail(&mut self, e: Error) {
        if let Some(alert) = e.alert {
            let _ = self.record.send(record::CT_ALERT, &[LEVEL_FATAL, alert as u8]);
        }
        self.failed = Some(e);
    }

    /// A stored failure, reported again to later calls (without a second alert).
    pub fn check_failed(&self) -> Result<(), Error> {
        match &self.failed {
            Some(e) => Err(e.clone().silent()),
            None => Ok(()),
        }
    }

    /// Processes records until a whole handshake message is available.
    /// Alerts, change_cipher_spec and application data are handled here.
    pub fn next_handshake_message(&mut self) -> Result<Option<(u8, Vec<u8>)>, Error> {
        loop {
            if let Some(m) = self.joiner.next_message(|t| self.limits.max_body(t, self.version))? {
                self.record.trace.push((false, m.0));
                self.record.report(false, self.record.msg_version, record::CT_HANDSHAKE as i32, &m.1);
                return Ok(Some(m));
            }
            if self.peer_closed {
                return Ok(None);
            }
            let Some(rec) = self.record.next_record()? else { return Ok(None) };
            match rec.content_type {
                record::CT_CHANGE_CIPHER_SPEC if self.record.tls12 => {
                    // TLS 1.2: the state machine acts on it, in order with
                    // the handshake messages; it may not split one.
                    if rec.payload != [1] {
                        return Err(Error::unexpected("bad change_cipher_spec").with_reason(Reason::BAD_CHANGE_CIPHER_SPEC));
                    }
                    if !self.joiner.is_empty() {
                        return Err(Error::unexpected("change_cipher_spec inside a message").with_reason(Reason::UNEXPECTED_CCS_MESSAGE));
                    }
                    self.record.trace.push((false, 0));
                    self.record.report(false, 0x0303, record::CT_CHANGE_CIPHER_SPEC as i32, &rec.payload);
                    return Ok(Some((super::msgs::CHANGE_CIPHER_SPEC_MARKER, Vec::new())));
                }
                record::CT_CHANGE_CIPHER_SPEC => {
                    // Dropped during the handshake when it is exactly 0x01
                    // (RFC 8446 section 5); anything else is fatal.
                    if rec.payload != [1] {
                        return Err(Error::unexpected("bad change_cipher_spec").with_reason(Reason::INVALID_CCS_MESSAGE));
                    }
                    if self.handshake_done || !self.started {
                        return Err(Error::unexpected("change_cipher_spec outside the handshake").with_reason(Reason::CCS_RECEIVED_EARLY));
                    }

                }
                // A server expects a ClientHello first; an alert before it
                // is unexpected_message, as OpenSSL answers it.
                record::CT_ALERT if !self.started => {
                    return Err(Error::unexpected("alert before the ClientHello").with_reason(Reason::UNEXPECTED_RECORD));
                }
                record::CT_ALERT => self.handle_alert(&rec.payload)?,
                record::CT_HANDSHAKE => self.joiner.push(&rec.payload),
                record::CT_APPLICATION_DATA => {
                    if !self.handshake_done || !rec.protected {
                        return Err(Error::unexpected("application data during handshake").with_reason(Reason::UNEXPECTED_RECORD));
                    }
                    if !self.joiner.is_empty() {
                        return Err(Error::unexpected("interleaved data").with_reason(Reason::MIXED_HANDSHAKE_AND_NON_HANDSHAKE_DATA));
                    }
                    self.warn_alerts = 0;
                    if rec.in_place {
                        // Left in the receive buffer for the reader, unless
                        // older data is waiting: then keep the order.
                        if self.plaintext_start < self.plaintext.len() {
                            let n = self.record.app_data().len();
                            self.plaintext.extend_from_slice(self.record.app_data());
                            self.record.consume_app_data(n);
                        }
                    } else {
                        // Data still in the receive buffer is older: it goes first.
                        let n = self.record.app_data().len();
                        if n > 0 {
                            self.plaintext.extend_from_slice(self.record.app_data());
                            self.record.consume_app_data(n);
                        }
                        self.plaintext.extend_from_slice(&rec.payload);
                    }
                }
                _ => return Err(Error::unexpected("record type").with_reason(Reason::BAD_RECORD_TYPE)),
            }
        }
    }

    /// Handshake messages may not span a key change (RFC 8446 section 5.1).
    pub fn require_record_boundary(&self) -> Result<(), Error> {
        if self.joiner.is_empty() {
            Ok(())
        } else {
            Err(Error::unexpected("message spans key change").with_reason(Reason::NOT_ON_RECORD_BOUNDARY))
        }
    }

    fn handle_alert(&mut self, payload: &[u8]) -> Result<(), Error> {
        if payload.len() != 2 {
            return Err(Error::decode("alert length").with_reason(Reason::INVALID_ALERT));
        }
        let (level, desc) = (payload[0], payload[1]);
        self.record.alerts.push((false, level, desc));
        self.record.report(false, self.record.msg_version, record::CT_ALERT as i32, payload);
        if desc == AlertDescription::CloseNotify as u8 {
            self.peer_closed = true;
            return Ok(());
        }
        // "This is a warning but we receive it if we requested
        // renegotiation and the peer denied it": OpenSSL ends the
        // connection (handshake_failure, SSL_R_NO_RENEGOTIATION).
        if self.record.tls12 && level == LEVEL_WARNING && desc == AlertDescription::NoRenegotiation as u8 {
            return Err(Error::new(AlertDescription::HandshakeFailure, Reason::NO_RENEGOTIATION, "peer refused renegotiation"));
        }
        // TLS 1.2 warnings are ignored, as OpenSSL does, up to
        // MAX_WARN_ALERT_COUNT in a row.
        if self.record.tls12 && level == LEVEL_WARNING {
            self.warn_alerts += 1;
            if self.warn_alerts >= MAX_WARN_ALERTS {
                return Err(Error::unexpected("too many warning alerts").with_reason(Reason::TOO_MANY_WARN_ALERTS));
            }
            return Ok(());
        }
        // In TLS 1.3 every alert but close_notify and user_canceled is fatal
        // whatever its level (section 6).
        if desc == AlertDescription::UserCanceled as u8 && level == LEVEL_WARNING {
            return Ok(());
        }
        Err(Error::peer_alert(desc))
    }

    /// A KeyUpdate from the peer: new read key, and ours too if requested.
    pub fn on_key_update(&mut self, body: &[u8]) -> Result<(), Error> {
        let requested = parse_key_update(body)?;
        self.require_record_boundary()?;
        // No limit on KeyUpdates in a row: OpenSSL 3.0 has none (measured:
        // hostile_peer.c's keyupdate-flood). Memory stays bounded because a
        // requested update's answer is written before the next record is
        // read (SSL_read returns SSL_ERROR_WANT_WRITE while it cannot be).
        let suite = self.suite.ok_or_else(|| Error::internal("key update before handshake"))?;
        self.peer_app = ks::next_traffic_secret(suite.hash, &self.peer_app);
        self.record.set_read_key(ks::record_key(suite.hash, suite.aead()?, &self.peer_app)?);
        if requested && !self.sent_close {
            self.update_write_key(false)?;
        }
        Ok(())
    }

    /// Sends KeyUpdate and switches our write key (`SSL_key_update`).
    pub fn update_write_key(&mut self, request_peer: bool) -> Result<(), Error> {
        let suite = self.suite.filter(|_| self.handshake_done).ok_or_else(|| Error::internal("key update before handshake"))?;
        self.record.send(record::CT_HANDSHAKE, &encode_key_update(request_peer))?;
        self.our_app = ks::next_traffic_secret(suite.hash, &self.our_app);
        self.record.set_write_key(ks::record_key(suite.hash, suite.aead()?, &self.our_app)?);
        Ok(())
    }

    /// TLS-Exporter(label, context, length) of RFC 8446 section 7.5:
    /// HKDF-Expand-Label(Derive-Secret(exporter_master, label, ""),
    /// "exporter", Hash(context), length). No context and an empty context
    /// are the same in TLS 1.3; in TLS 1.2 (RFC 5705) they differ:
    /// PRF(master, label, client_random || server_random [|| len || context]).
    pub fn export_keying_material(&self, label: &[u8], context: Option<&[u8]>, len: usize) -> Option<Secret> {
        let suite = self.suite.filter(|_| self.handshake_done)?;
        if self.version < super::TLS1_3_VERSION {
            let mut seed = Vec::with_capacity(66 + context.map_or(0, <[u8]>::len));
            seed.extend_from_slice(&self.client_random);
            seed.extend_from_slice(&self.server_random);
            if let Some(c) = context {
                seed.extend_from_slice(&u16::try_from(c.len()).ok()?.to_be_bytes());
                seed.extend_from_slice(c);
            }
            return crate::crypto::prf::prf(self.version, suite.hash, &self.tls12_master, label, &seed, len);
        }
        let context = context.unwrap_or(&[]);
        // HkdfLabel carries the label with "tls13 " in one length byte.
        if label.len() > 255 - 6 || len > u16::MAX as usize {
            return None;
        }
        let h = suite.hash;
        let secret = h.expand_label(&self.exporter_master, label, h.empty_hash(), h.output_len());
        Some(h.expand_label(&secret, b"exporter", &h.hash(context), len))
    }

    pub fn write_application_data(&mut self, data: &[u8]) -> Result<(), Error> {
        if !self.handshake_done {
            return Err(Error::internal("write before handshake"));
        }
        self.record.send(record::CT_APPLICATION_DATA, data)
    }

    pub fn send_close_notify(&mut self) -> Result<(), Error> {
        if !self.sent_close {
            self.sent_close = true;
            self.record.send(record::CT_ALERT, &[LEVEL_WARNING, AlertDescription::CloseNotify as u8])?;
        }
        Ok(())
    }
}

/// One side's handshake state machine over the shared `Common` part: the
/// receive loop (buffer, process every complete message, record the first
/// fatal error and its alert) is written once, here.
pub trait StateMachine<H: ?Sized> {
    fn common_mut(&mut self) -> &mut Common;

    /// Handles one complete handshake message (header included).
    fn handle_message(&mut self, ty: u8, msg: &[u8], hooks: &mut H) -> Result<(), Error>;

    /// Processes every complete record received so far.
    fn receive(&mut self, data: &[u8], hooks: &mut H) -> Result<(), Error> {
        let common = self.common_mut();
        common.record.receive(data);
        common.check_failed()?;
        let mut step = || -> Result<(), Error> {
            while let Some((ty, msg)) = self.common_mut().next_handshake_message()? {
                self.handle_message(ty, &msg, hooks)?;
            }
            Ok(())
        };
        let result = step();
        if let Err(e) = &result {
            self.common_mut().fail(e.clone());
        }
        self.common_mut().release_idle_buffers();
        result
    }
}

/// A Finished message's verify_data against the expected value: a wrong
/// length is decode_error (OpenSSL's SSL_R_BAD_DIGEST_LENGTH, as tlsfuzzer
/// expects), a wrong value decrypt_error (SSL_R_DIGEST_CHECK_FAILED).
pub fn check_finished(expected: &[u8], received: &[u8], detail: &'static str) -> Result<(), Error> {
    if expected.len() != received.len() {
        return Err(Error::new(super::alert::AlertDescription::DecodeError, Reason::BAD_DIGEST_LENGTH, detail));
    }
    if !constant_time_eq(expected, received) {
        return Err(Error::new(super::alert::AlertDescription::DecryptError, Reason::DIGEST_CHECK_FAILED, detail));
    }
    Ok(())
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether a wire-format ALPN list contains `proto`.
pub fn alpn_list_contains(list: &[u8], proto: &[u8]) -> bool {
    let mut r = super::codec::Reader::new(list);
    while let Ok(p) = r.vec8() {
        if p == proto {
            return true;
        }
    }
    false
}
