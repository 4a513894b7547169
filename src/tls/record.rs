//! The record layer: framing, fragmentation, TLS 1.3 AEAD protection with
//! per-direction sequence numbers (RFC 8446 section 5).

use super::alert::AlertDescription;
use super::{Error, Reason};
use crate::crypto::aead::{tls12_aad, RecordKey, TAG_LEN};
use crate::crypto::cbc::{CbcError, CbcKey};

pub const CT_CHANGE_CIPHER_SPEC: u8 = 20;
pub const CT_ALERT: u8 = 21;
pub const CT_HANDSHAKE: u8 = 22;
pub const CT_APPLICATION_DATA: u8 = 23;

/// 2^14: the largest plaintext fragment.
pub const MAX_PLAINTEXT: usize = 16_384;
/// 2^14 + 256: the largest TLSCiphertext.fragment (section 5.2).
pub const MAX_CIPHERTEXT: usize = MAX_PLAINTEXT + 256;
const HEADER_LEN: usize = 5;

/// A record as the engine sees it: its true content type and plaintext.
/// Protected application data stays in the receive buffer (`payload` is
/// empty; see `RecordLayer::app_data`), so it is copied once, to the reader.
pub struct Record {
    pub content_type: u8,
    pub payload: Vec<u8>,
    /// Whether it arrived under record protection.
    pub protected: bool,
    /// The plaintext is `app_data()` in the receive buffer, not `payload`.
    pub in_place: bool,
}

/// What one look at the receive buffer found.
enum Step {
    Record(Record),
    NeedMore,
    Skipped,
}

/// How one direction's records are protected.
pub enum Protection {
    /// TLS 1.3, and TLS 1.2's AEAD suites.
    Aead(RecordKey),
    /// TLS 1.2's CBC suites.
    /// Boxed: its HMAC states make it over a kilobyte, which every AEAD
    /// connection would otherwise carry twice.
    Cbc(Box<CbcKey>),
}

struct Direction {
    key: Option<Protection>,
    seq: u64,
}

impl Direction {
    fn set(&mut self, key: Protection) {
        self.key = Some(key);
        self.seq = 0;
    }
}

pub struct RecordLayer {
    read: Direction,
    write: Direction,
    /// Received bytes live in `incoming[start..end]`; the buffer is reused
    /// (no allocation or zeroing per record) and compacted only when a read
    /// needs room at its end.
    incoming: Vec<u8>,
    start: usize,
    end: usize,
    /// Decrypted application data not yet read, inside `incoming` (before `start`).
    app: std::ops::Range<usize>,
    outgoing: Vec<u8>,
    /// Handshake messages (and change_cipher_spec, as type 0) sent and
    /// received, in order, as (sent, type): what the API layer reports as
    /// OpenSSL's handshake states (`SSL_get_state`, the info callback).
    pub trace: Vec<(bool, u8)>,
    /// Alerts sent and received, as (sent, level, description), for the
    /// info callback's SSL_CB_WRITE_ALERT / SSL_CB_READ_ALERT.
    pub alerts: Vec<(bool, u8, u8)>,
    /// A TLS 1.3 server accepts unprotected alerts from the moment it
    /// expects the client's protected flight until a record decrypts: a
    /// client that rejects the server's certificate alerts before it has
    /// keys (OpenSSL's ENC_READ_STATE_ALLOW_PLAIN_ALERTS).
    pub allow_plain_alerts: bool,
    /// What OpenSSL's message callback reports, in order, when the API
    /// layer enabled it (Some): (sent, version, content type, bytes) for
    /// each record header (SSL3_RT_HEADER), inner content type
    /// (SSL3_RT_INNER_CONTENT_TYPE), handshake message, alert and
    /// change_cipher_spec.
    pub msg: Option<Vec<MsgEvent>>,
    /// Whether any record was written (the first ClientHello's record
    /// carries version 0x0301, as OpenSSL writes it; RFC 8446 5.1 allows it).
    wrote_record: bool,
    /// A TLS 1.3 server that declined the client's early data skips it
    /// (RFC 8446 4.2.10): application_data records that do not decrypt
    /// (or, after HelloRetryRequest, arrive before any key), up to this
    /// many bytes of early data; 0 when not skipping.
    pub skip_early_data: usize,
    /// TLS 1.3 record padding block sizes: [application data, other
    /// records]; 0 for none (OpenSSL's block_padding and hs_padding).
    pub block_padding: [usize; 2],
    /// TLS 1.2 record protection (RFC 5246 6.2.3.3): every content type is
    /// protected with its own type in the header, no inner type, and the
    /// AAD is seq_num || type || version || length (so also TLS 1.0/1.1).
    pub tls12: bool,
    /// TLS 1.3 was negotiated (OpenSSL's SSL_IS_TLS13): its handshake and
    /// alert records may not be empty.
    pub tls13: bool,
    /// Consecutive empty records received (OpenSSL's empty_record_count).
    empty_records: u8,
    /// The version our records carry: 0x0303, or the negotiated TLS 1.0 or
    /// 1.1 (RFC 2246 6.2.1; OpenSSL writes s->version once it is chosen).
    pub version: u16,
    /// The version the message callback is told (OpenSSL passes
    /// s->version: the client's best before the ServerHello, then the
    /// negotiated one).
    pub msg_version: u16,
}

/// The alignment of a received record's payload in the receive buffer.
const PAYLOAD_ALIGN: usize = 64;

/// OpenSSL's MAX_EMPTY_RECORDS: consecutive empty records tolerated.
const MAX_EMPTY_RECORDS: u8 = 32;

/// TLS 1.2 allows a TLSCiphertext.fragment of 2^14 + 2048 (RFC 5246 6.2.3).
pub const MAX_CIPHERTEXT_TLS12: usize = MAX_PLAINTEXT + 2048;
/// nonce_explicit of TLS 1.2 AES-GCM records (RFC 5288 section 3).
const EXPLICIT_NONCE_LEN: usize = 8;

/// One message-callback report: (sent, version, content type, bytes).
pub type MsgEvent = (bool, u16, i32, Vec<u8>);
/// OpenSSL's pseudo content types for the message callback.
pub const MSG_RECORD_HEADER: i32 = 256;
pub const MSG_INNER_CONTENT_TYPE: i32 = 257;

impl Default for RecordLayer {
    fn default() -> Self {
        RecordLayer {
            read: Direction { key: None, seq: 0 },
            write: Direction { key: None, seq: 0 },
            incoming: Vec::new(),
            start: 0,
            end: 0,
            app: 0..0,
            outgoing: Vec::new(),
            trace: Vec::new(),
            alerts: Vec::new(),
            allow_plain_alerts: false,
            msg: None,
            wrote_record: false,
            skip_early_data: 0,
            block_padding: [0, 0],
            tls13: false,
            empty_records: 0,
            tls12: false,
            msg_version: 0x0304,
            version: 0x0303,
        }
    }
}

impl RecordLayer {
    pub fn set_read_key(&mut self, key: RecordKey) {
        self.read.set(Protection::Aead(key));
    }

    pub fn set_write_key(&mut self, key: RecordKey) {
        self.write.set(Protection::Aead(key));
    }

    pub fn set_read_protection(&mut self, key: Protection) {
        self.read.set(key);
    }

    pub fn set_write_protection(&mut self, key: Protection) {
        self.write.set(key);
    }

    pub fn is_reading_protected(&self) -> bool {
        self.read.key.is_some()
    }

    pub fn is_writing_protected(&self) -> bool {
        self.write.key.is_some()
    }

    /// Where a received record's plaintext begins: after the header, and
    /// in TLS 1.2 AES-GCM and AES-CCM after the explicit nonce.
    fn plaintext_offset(&self) -> usize {
        match &self.read.key {
            Some(Protection::Aead(key)) if self.tls12 && key.explicit_nonce => HEADER_LEN + EXPLICIT_NONCE_LEN,
            _ => HEADER_LEN,
        }
    }

    fn buffered(&self) -> &[u8] {
        &self.incoming[self.start..self.end]
    }

    /// Room for `n` more received bytes, to be filled by the caller (a BIO
    /// read straight into our buffer) and confirmed with `commit`.
    pub fn spare(&mut self, n: usize) -> &mut [u8] {
        if self.start == self.end && self.app.is_empty() {
            // The next record goes where its payload will be 64-byte
            // aligned in memory, as OpenSSL aligns its read buffer
            // (SSL3_ALIGN_PAYLOAD): SSL_read copies the payload out, and
            // glibc's copy of 16 KiB (rep movsb) from a payload at some
            // alignments ran 4 times slower on AMD CPUs (a third of a
            // ChaCha20 bulk transfer's time, in one process of two).
            let payload = self.incoming.as_ptr() as usize + self.plaintext_offset();
            let aligned = (PAYLOAD_ALIGN - payload % PAYLOAD_ALIGN) % PAYLOAD_ALIGN;
            let at = if aligned + n <= self.incoming.len() { aligned } else { 0 };
            self.start = at;
            self.end = at;
        }
        if self.incoming.len() - self.end < n {
            // Compaction keeps unread application data (it lies before `start`).
            let keep = if self.app.is_empty() { self.start } else { self.app.start };
            if keep > 0 {
                self.incoming.copy_within(keep..self.end, 0);
                self.end -= keep;
                self.start -= keep;
                if !self.app.is_empty() {
                    self.app = self.app.start - keep..self.app.end - keep;
                }
            }
            if self.incoming.len() - self.end < n {
                // Grows to what records need (Vec doubles its capacity), so an
                // idle connection holds a small buffer; with room to align
                // the next record.
                self.incoming.resize(self.end + n + PAYLOAD_ALIGN, 0);
            }
        }
        &mut self.incoming[self.end..self.end + n]
    }

    pub fn commit(&mut self, n: usize) {
        self.end = (self.end + n).min(self.incoming.len());
    }

    /// Buffers bytes received from the transport.
    pub fn receive(&mut self, data: &[u8]) {
        self.spare(data.len()).copy_from_slice(data);
        self.commit(data.len());
    }

    /// How many more bytes complete the record being received (at least 1
    /// when no record is complete), so callers never read past a record.
    pub fn bytes_wanted(&self) -> usize {
        let have = self.buffered();
        if have.len() < HEADER_LEN {
            return HEADER_LEN - have.len();
        }
        let len = u16::from_be_bytes([have[3], have[4]]) as usize;
        (HEADER_LEN + len).saturating_sub(have.len()).max(1)
    }

    pub fn has_buffered_input(&self) -> bool {
        self.start != self.end
    }

    /// The next complete record, decrypted; `None` when more bytes are needed.
    pub fn next_record(&mut self) -> Result<Option<Record>, Error> {
        loop {
            match self.next_record_or_skip()? {
                Step::Record(r) => return Ok(Some(r)),
                Step::NeedMore => return Ok(None),
                Step::Skipped => continue,
            }
        }
    }

    /// Early data we skip counts its plaintext (the record less the tag and
    /// inner type byte) against the budget, as OpenSSL's early_data_count_ok.
    fn skip_early(&mut self, len: usize) -> bool {
        let plain = len.saturating_sub(TAG_LEN + 1);
        if self.skip_early_data == 0 || plain > self.skip_early_data {
            return false;
        }
        self.skip_early_data -= plain;
        true
    }

    /// An empty record, as OpenSSL's ssl3_get_record takes it: refused for
    /// TLS 1.3's handshake and alert records (unexpected_message,
    /// SSL_R_BAD_LENGTH); otherwise passed on, up to 32 in a row
    /// (MAX_EMPTY_RECORDS, then SSL_R_RECORD_TOO_SMALL) — RFC 5246 6.2.1
    /// lets application data be empty, OpenSSL tolerates the rest, and the
    /// engine refuses one of a type it does not expect, as any other.
    fn empty_record(&mut self, content_type: u8, protected: bool) -> Result<Step, Error> {
        if self.tls13 && matches!(content_type, CT_HANDSHAKE | CT_ALERT) {
            return Err(Error::unexpected("empty record").with_reason(Reason::BAD_LENGTH));
        }
        self.empty_records += 1;
        if self.empty_records > MAX_EMPTY_RECORDS {
            return Err(Error::unexpected("too many empty records").with_reason(Reason::RECORD_TOO_SMALL));
        }
        Ok(Step::Record(Record { content_type, payload: Vec::new(), protected, in_place: false }))
    }

    fn next_record_or_skip(&mut self) -> Result<Step, Error> {
        let have = self.buffered();
        if have.len() < HEADER_LEN {
            return Ok(Step::NeedMore);
        }
        let content_type = have[0];
        let version = u16::from_be_bytes([have[1], have[2]]);
        let len = u16::from_be_bytes([have[3], have[4]]) as usize;
        if !matches!(content_type, CT_CHANGE_CIPHER_SPEC | CT_ALERT | CT_HANDSHAKE | CT_APPLICATION_DATA) {
            return Err(Error::unexpected("unknown record type").with_reason(Reason::BAD_RECORD_TYPE));
        }
        // legacy_record_version is 0x0303, or 0x0301 for an initial ClientHello.
        if version >> 8 != 0x03 {
            return Err(Error::new(AlertDescription::ProtocolVersion, Reason::WRONG_VERSION_NUMBER, "record version"));
        }
        if len > if self.tls12 { MAX_CIPHERTEXT_TLS12 } else { MAX_CIPHERTEXT } {
            return Err(Error::new(AlertDescription::RecordOverflow, Reason::ENCRYPTED_LENGTH_TOO_LONG, "record too long"));
        }
        if have.len() < HEADER_LEN + len {
            return Ok(Step::NeedMore);
        }
        let header: [u8; HEADER_LEN] = have[..HEADER_LEN].try_into().expect("5 bytes");
        let body = self.start + HEADER_LEN..self.start + HEADER_LEN + len;
        self.start += HEADER_LEN + len;
        self.report(false, version, MSG_RECORD_HEADER, &header);

        // An unprotected change_cipher_spec may arrive during the handshake
        // even after keys are installed (section 5); the engine decides.
        // In TLS 1.2 a renegotiation's change_cipher_spec comes under the
        // current keys, like every other record.
        let tls12 = self.tls12;
        let Some(protection) = self.read.key.as_mut().filter(|_| tls12 || content_type != CT_CHANGE_CIPHER_SPEC) else {
            // After HelloRetryRequest the client's early data arrives with
            // no key of ours to try (RFC 8446 4.2.10).
            if content_type == CT_APPLICATION_DATA && self.skip_early(len) {
                return Ok(Step::Skipped);
            }
            if len > MAX_PLAINTEXT {
                return Err(Error::new(AlertDescription::RecordOverflow, Reason::DATA_LENGTH_TOO_LONG, "plaintext too long"));
            }
            if len == 0 {
                return self.empty_record(content_type, false);
            }
            self.empty_records = 0;
            return Ok(Step::Record(Record { content_type, payload: self.incoming[body].to_vec(), protected: false, in_place: false }));
        };
        if self.tls12 {
            return self.open_tls12(content_type, body);
        }
        let Protection::Aead(key) = protection else {
            return Err(Error::internal("CBC protection in TLS 1.3"));
        };
        if content_type != CT_APPLICATION_DATA {
            if content_type == CT_ALERT && self.allow_plain_alerts && len == 2 {
                return Ok(Step::Record(Record { content_type, payload: self.incoming[body].to_vec(), protected: false, in_place: false }));
            }
            return Err(Error::unexpected("unprotected record after keys").with_reason(Reason::UNEXPECTED_RECORD));
        }
        if len < key.tag_len() + 1 {
            return Err(Error::new(AlertDescription::BadRecordMac, Reason::DECRYPTION_FAILED_OR_BAD_RECORD_MAC, "short record"));
        }
        // Decrypted in place in the receive buffer.
        let Some(plain_len) = key.open(self.read.seq, &header, &mut self.incoming[body.clone()]) else {
            // Early data the server declined: dropped, the sequence number
            // untouched (it was under another key).
            if self.skip_early(len) {
                return Ok(Step::Skipped);
            }
            return Err(Error::new(AlertDescription::BadRecordMac, Reason::DECRYPTION_FAILED_OR_BAD_RECORD_MAC, "bad record mac"));
        };
        self.read.seq += 1;
        self.allow_plain_alerts = false;
        self.skip_early_data = 0;
        self.empty_records = 0;
        let inner = &self.incoming[body.start..body.start + plain_len];
        // TLSInnerPlaintext: content, type, zero padding; the type is the
        // last non-zero byte.
        let Some(pos) = inner.iter().rposition(|b| *b != 0) else {
            return Err(Error::unexpected("all-zero inner plaintext"));
        };
        let inner_type = inner[pos];
        if let Some(m) = self.msg.as_mut() {
            m.push((false, self.msg_version, MSG_INNER_CONTENT_TYPE, vec![inner_type]));
        }
        if pos > MAX_PLAINTEXT {
            return Err(Error::new(AlertDescription::RecordOverflow, Reason::DATA_LENGTH_TOO_LONG, "inner plaintext too long"));
        }
        if pos == 0 && inner_type != CT_APPLICATION_DATA {
            return Err(Error::unexpected("empty protected record").with_reason(Reason::BAD_LENGTH));
        }
        if inner_type == CT_APPLICATION_DATA && self.app.is_empty() {
            self.app = body.start..body.start + pos;
            return Ok(Step::Record(Record { content_type: inner_type, payload: Vec::new(), protected: true, in_place: true }));
        }
        Ok(Step::Record(Record { content_type: inner_type, payload: inner[..pos].to_vec(), protected: true, in_place: false }))
    }

    /// A protected TLS 1.2 record: for AEAD suites nonce_explicit (AES-GCM),
    /// ciphertext and tag; for CBC suites IV, ciphertext and MAC.
    fn open_tls12(&mut self, content_type: u8, body: std::ops::Range<usize>) -> Result<Step, Error> {
        let bad_mac = || Error::new(AlertDescription::BadRecordMac, Reason::DECRYPTION_FAILED_OR_BAD_RECORD_MAC, "bad record mac");
        let seq = self.read.seq;
        let plain = match self.read.key.as_mut().expect("checked by the caller") {
            Protection::Aead(key) => {
                let explicit = if key.explicit_nonce { EXPLICIT_NONCE_LEN } else { 0 };
                let tag_len = key.tag_len();
                if body.len() < explicit + tag_len {
                    return Err(bad_mac());
                }
                let nonce = key
                    .tls12_nonce_for(seq, (explicit > 0).then(|| &self.incoming[body.start..body.start + explicit]))
                    .ok_or_else(bad_mac)?;
                let sealed = body.start + explicit..body.end;
                let aad = tls12_aad(seq, content_type, sealed.len() - tag_len);
                let plain_len = key.open_with(nonce, &aad, &mut self.incoming[sealed.clone()]).ok_or_else(bad_mac)?;
                sealed.start..sealed.start + plain_len
            }
            Protection::Cbc(key) => match key.open(seq, content_type, &mut self.incoming[body.clone()]) {
                Ok(r) => body.start + r.start..body.start + r.end,
                Err(CbcError::BadRecordMac) => return Err(bad_mac()),
                Err(CbcError::TooShort) => return Err(Error::decode("record shorter than its MAC").with_reason(Reason::LENGTH_TOO_SHORT)),
            },
        };
        self.read.seq += 1;
        let plain_len = plain.len();
        if plain_len > MAX_PLAINTEXT {
            return Err(Error::new(AlertDescription::RecordOverflow, Reason::DATA_LENGTH_TOO_LONG, "plaintext too long"));
        }
        if plain_len == 0 {
            return self.empty_record(content_type, true);
        }
        self.empty_records = 0;
        if content_type == CT_APPLICATION_DATA && self.app.is_empty() {
            self.app = plain;
            return Ok(Step::Record(Record { content_type, payload: Vec::new(), protected: true, in_place: true }));
        }
        Ok(Step::Record(Record { content_type, payload: self.incoming[plain].to_vec(), protected: true, in_place: false }))
    }

    /// Unread decrypted application data held in the receive buffer.
    pub fn app_data(&self) -> &[u8] {
        &self.incoming[self.app.clone()]
    }

    /// Frees the receive buffer when it holds nothing unread and is no
    /// larger than `max` bytes: an idle connection keeps no buffer, while a
    /// bulk transfer's record-sized one stays for the next record.
    pub fn release_idle_incoming(&mut self, max: usize) {
        if self.start == self.end && self.app.is_empty() && self.incoming.capacity() <= max {
            self.incoming = Vec::new();
            self.start = 0;
            self.end = 0;
            self.app = 0..0;
        }
    }

    /// Marks `n` bytes of `app_data()` read.
    pub fn consume_app_data(&mut self, n: usize) {
        self.app.start += n.min(self.app.len());
        if self.app.is_empty() {
            self.app = 0..0;
        }
    }

    /// Queues `data` of `content_type`, fragmented and protected if a write key is set.
    pub fn send(&mut self, content_type: u8, data: &[u8]) -> Result<(), Error> {
        if data.is_empty() {
            return Ok(());
        }
        if content_type == CT_HANDSHAKE {
            self.trace.push((true, data[0]));
        }
        if content_type == CT_ALERT && data.len() == 2 {
            self.alerts.push((true, data[0], data[1]));
        }
        for chunk in data.chunks(MAX_PLAINTEXT) {
            self.send_one(content_type, chunk)?;
        }
        if content_type != CT_APPLICATION_DATA {
            self.report(true, self.msg_version, content_type as i32, data);
        }
        Ok(())
    }

    /// Records a message-callback report, when enabled.
    pub fn report(&mut self, sent: bool, version: u16, content_type: i32, bytes: &[u8]) {
        if let Some(m) = self.msg.as_mut() {
            m.push((sent, version, content_type, bytes.to_vec()));
        }
    }

    /// change_cipher_spec is always sent in the clear (middlebox compatibility,
    /// RFC 8446 appendix D.4).
    pub fn send_plain(&mut self, content_type: u8, data: &[u8]) {
        let initial_client_hello = !self.wrote_record && content_type == CT_HANDSHAKE && data.first() == Some(&1);
        let version: u16 = if initial_client_hello { 0x0301 } else { self.version };
        let [v0, v1] = version.to_be_bytes();
        let header = [content_type, v0, v1, (data.len() >> 8) as u8, data.len() as u8];
        self.wrote_record = true;
        self.outgoing.extend_from_slice(&header);
        self.outgoing.extend_from_slice(data);
        self.report(true, version, MSG_RECORD_HEADER, &header);
        if content_type == CT_CHANGE_CIPHER_SPEC {
            self.trace.push((true, 0));
            self.report(true, self.msg_version, content_type as i32, data);
        }
    }

    /// TLS 1.2's change_cipher_spec: in the clear in an initial handshake,
    /// under the current keys in a renegotiation (RFC 5246 7.1: it is a
    /// record like any other, protected by the current connection state).
    pub fn send_change_cipher_spec(&mut self) -> Result<(), Error> {
        if !(self.tls12 && self.write.key.is_some()) {
            self.send_plain(CT_CHANGE_CIPHER_SPEC, &[1]);
            return Ok(());
        }
        self.send_one(CT_CHANGE_CIPHER_SPEC, &[1])?;
        self.trace.push((true, 0));
        self.report(true, self.msg_version, CT_CHANGE_CIPHER_SPEC as i32, &[1]);
        Ok(())
    }

    fn send_one(&mut self, content_type: u8, chunk: &[u8]) -> Result<(), Error> {
        // A record that fails to seal leaves nothing behind: the queued
        // bytes end where the last whole record ended.
        let queued = self.outgoing.len();
        let sent = self.seal_one(content_type, chunk);
        if sent.is_err() {
            self.outgoing.truncate(queued);
        }
        sent
    }

    fn seal_one(&mut self, content_type: u8, chunk: &[u8]) -> Result<(), Error> {
        let Some(protection) = self.write.key.as_ref() else {
            self.send_plain(content_type, chunk);
            return Ok(());
        };
        if self.tls12 {
            return self.seal_tls12(content_type, chunk);
        }
        let Protection::Aead(key) = protection else {
            return Err(Error::internal("CBC protection in TLS 1.3"));
        };
        let padding = tls13_padding(self.block_padding, content_type, chunk.len());
        // The tag is 16 bytes but for AES-CCM_8's 8 (RFC 8446 B.4).
        let len = chunk.len() + 1 + padding + key.tag_len();
        let header = [CT_APPLICATION_DATA, 3, 3, (len >> 8) as u8, len as u8];
        // Sealed in place at the end of the output buffer: one copy of the
        // plaintext, no allocation per record.
        self.outgoing.reserve(HEADER_LEN + len);
        self.outgoing.extend_from_slice(&header);
        let body = self.outgoing.len();
        self.outgoing.extend_from_slice(chunk);
        self.outgoing.push(content_type);
        self.outgoing.resize(self.outgoing.len() + padding, 0);
        let tag = key.seal_in_place(self.write.seq, &header, &mut self.outgoing[body..])?;
        self.outgoing.extend_from_slice(tag.as_ref());
        self.write.seq += 1;
        self.wrote_record = true;
        if self.msg.is_some() {
            // OpenSSL reports the inner type of written records with the
            // record's version, of read ones with the connection's (measured).
            self.report(true, 0x0303, MSG_RECORD_HEADER, &header);
            self.report(true, 0x0303, MSG_INNER_CONTENT_TYPE, &[content_type]);
        }
        Ok(())
    }

    /// A TLS 1.2 record: for AES-GCM the explicit nonce is the sequence
    /// number (as OpenSSL sends it), then the sealed fragment and tag; for
    /// CBC suites IV, ciphertext and MAC.
    fn seal_tls12(&mut self, content_type: u8, chunk: &[u8]) -> Result<(), Error> {
        let seq = self.write.seq;
        let len = match self.write.key.as_ref().expect("checked by the caller") {
            Protection::Aead(key) => (if key.explicit_nonce { EXPLICIT_NONCE_LEN } else { 0 }) + chunk.len() + key.tag_len(),
            Protection::Cbc(key) => key.sealed_len(chunk.len()),
        };
        let [v0, v1] = self.version.to_be_bytes();
        let header = [content_type, v0, v1, (len >> 8) as u8, len as u8];
        self.outgoing.reserve(HEADER_LEN + len);
        self.outgoing.extend_from_slice(&header);
        match self.write.key.as_mut().expect("checked by the caller") {
            Protection::Aead(key) => {
                if key.explicit_nonce {
                    self.outgoing.extend_from_slice(&seq.to_be_bytes());
                }
                let body = self.outgoing.len();
                self.outgoing.extend_from_slice(chunk);
                let tag = key.seal_in_place(seq, &tls12_aad(seq, content_type, chunk.len()), &mut self.outgoing[body..])?;
                self.outgoing.extend_from_slice(tag.as_ref());
            }
            Protection::Cbc(key) => key.seal(seq, content_type, chunk, &mut self.outgoing)?,
        }
        self.write.seq += 1;
        self.wrote_record = true;
        if self.msg.is_some() {
            self.report(true, self.version, MSG_RECORD_HEADER, &header);
        }
        Ok(())
    }

    /// Takes back an emptied buffer so the next records reuse its capacity.
    pub fn return_outgoing(&mut self, buf: Vec<u8>) {
        if self.outgoing.is_empty() && buf.capacity() > self.outgoing.capacity() {
            self.outgoing = buf;
        }
    }

    /// Whether records wait to go to the transport.
    pub fn has_pending_output(&self) -> bool {
        !self.outgoing.is_empty()
    }

    /// `SSL_free_buffers`: both buffers go when nothing is in them.
    pub fn release_buffers(&mut self) -> bool {
        if self.has_buffered_input() || !self.app.is_empty() || !self.outgoing.is_empty() {
            return false;
        }
        self.release_idle_incoming(usize::MAX);
        self.outgoing = Vec::new();
        true
    }

    /// `SSL_alloc_buffers`: room for one record each way, as OpenSSL's
    /// ssl3_setup_buffers allocates.
    pub fn allocate_buffers(&mut self) {
        let record = HEADER_LEN + MAX_PLAINTEXT + 256;
        self.incoming.reserve(record.saturating_sub(self.incoming.len()));
        self.outgoing.reserve(record.saturating_sub(self.outgoing.len()));
    }

    /// Takes everything queued for the transport.
    pub fn take_outgoing(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.outgoing)
    }
}

/// The zeros after a TLS 1.3 record's inner content type (RFC 8446 5.4)
/// with block padding `[application data, other]`: up to the next multiple
/// of the block size of content plus type, none when already a multiple,
/// and never past the largest inner plaintext (OpenSSL's tls13 record
/// writer: SSL3_RT_MAX_PLAIN_LENGTH less content and type).
fn tls13_padding(block_padding: [usize; 2], content_type: u8, content_len: usize) -> usize {
    let block = block_padding[usize::from(content_type != CT_APPLICATION_DATA)];
    let with_type = content_len + 1;
    if block == 0 || with_type >= MAX_PLAINTEXT {
        return 0;
    }
    let remainder = with_type % block;
    if remainder == 0 {
        return 0;
    }
    (block - remainder).min(MAX_PLAINTEXT - with_type)
}

impl Error {
    pub fn with_reason(mut self, reason: Reason) -> Self {
        self.reason = reason as i32;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::aead::AeadAlg;

    fn key() -> RecordKey {
        RecordKey::new(AeadAlg::Aes128Gcm, &[1; 16], &[2; 12]).unwrap()
    }

    #[test]
    fn protected_round_trip_and_fragmentation() {
        let mut tx = RecordLayer::default();
        tx.set_write_key(key());
        let data = vec![7u8; MAX_PLAINTEXT + 10];
        tx.send(CT_APPLICATION_DATA, &data).unwrap();
        let wire = tx.take_outgoing();
        let mut rx = RecordLayer::default();
        rx.set_read_key(key());
        rx.receive(&wire);
        let a = rx.next_record().unwrap().unwrap();
        // The first record's plaintext stays in the receive buffer...
        assert!(a.in_place && a.payload.is_empty());
        assert_eq!(rx.app_data().len(), MAX_PLAINTEXT);
        assert!(rx.app_data().iter().all(|b| *b == 7));
        // ...so the next one, arriving before it is read, is returned by value.
        let b = rx.next_record().unwrap().unwrap();
        assert!(!b.in_place);
        assert_eq!(b.payload.len(), 10);
        rx.consume_app_data(MAX_PLAINTEXT);
        assert!(rx.app_data().is_empty());
        assert!(rx.next_record().unwrap().is_none());
    }

    #[test]
    fn block_padding_as_openssl_computes_it() {
        // Content plus type rounded up to the block; app data and the rest apart.
        assert_eq!(tls13_padding([16, 0], CT_APPLICATION_DATA, 3), 12);
        assert_eq!(tls13_padding([16, 0], CT_APPLICATION_DATA, 15), 0);
        assert_eq!(tls13_padding([16, 0], CT_HANDSHAKE, 3), 0);
        assert_eq!(tls13_padding([0, 32], CT_HANDSHAKE, 40), 23);
        assert_eq!(tls13_padding([100, 100], CT_APPLICATION_DATA, 150), 49);
        // Never past the largest inner plaintext, none for a full record.
        assert_eq!(tls13_padding([4096, 4096], CT_APPLICATION_DATA, MAX_PLAINTEXT - 10), 9);
        assert_eq!(tls13_padding([4096, 4096], CT_APPLICATION_DATA, MAX_PLAINTEXT), 0);
    }

    #[test]
    fn padded_records_open_to_their_content() {
        let mut tx = RecordLayer::default();
        tx.set_write_key(key());
        tx.block_padding = [64, 64];
        tx.send(CT_APPLICATION_DATA, b"abc").unwrap();
        let wire = tx.take_outgoing();
        // Header, 64 bytes of inner plaintext (3 + type + 60 zeros), tag.
        assert_eq!(wire.len(), HEADER_LEN + 64 + 16);
        let mut rx = RecordLayer::default();
        rx.set_read_key(key());
        rx.receive(&wire);
        let r = rx.next_record().unwrap().unwrap();
        assert_eq!(r.content_type, CT_APPLICATION_DATA);
        assert_eq!(rx.app_data(), b"abc");
    }

    /// From the second record of a transfer on, received plaintext lies
    /// 64-byte aligned in memory (TLS 1.3, and TLS 1.2 after its explicit
    /// nonce), however the buffer was allocated.
    #[test]
    fn received_plaintext_is_aligned() {
        let (mut tx12, mut rx12) = tls12_keys();
        let mut tx13 = RecordLayer::default();
        let mut rx13 = RecordLayer::default();
        tx13.set_write_key(key());
        rx13.set_read_key(key());
        for (tx, rx) in [(&mut tx13, &mut rx13), (&mut tx12, &mut rx12)] {
            for round in 0..4 {
                tx.send(CT_APPLICATION_DATA, &vec![round as u8; 16384 - round]).unwrap();
                let wire = tx.take_outgoing();
                let mut at = 0;
                // As read_some reads: what bytes_wanted asks for, straight
                // into spare().
                let record = loop {
                    let n = rx.bytes_wanted().min(wire.len() - at);
                    rx.spare(n).copy_from_slice(&wire[at..at + n]);
                    rx.commit(n);
                    at += n;
                    if let Some(r) = rx.next_record().unwrap() {
                        break r;
                    }
                };
                assert!(record.in_place);
                assert_eq!(rx.app_data(), &vec![round as u8; 16384 - round][..]);
                if round > 0 {
                    assert_eq!(rx.app_data().as_ptr() as usize % PAYLOAD_ALIGN, 0, "round {round}");
                }
                let n = rx.app_data().len();
                rx.consume_app_data(n);
            }
        }
    }

    #[test]
    fn rejects_tampered_record() {
        let mut tx = RecordLayer::default();
        tx.set_write_key(key());
        tx.send(CT_HANDSHAKE, b"hello").unwrap();
        let mut wire = tx.take_outgoing();
        let last = wire.len() - 1;
        wire[last] ^= 1;
        let mut rx = RecordLayer::default();
        rx.set_read_key(key());
        rx.receive(&wire);
        let e = rx.next_record().err().unwrap();
        assert_eq!(e.alert, Some(AlertDescription::BadRecordMac));
        assert_eq!(e.reason, Reason::DECRYPTION_FAILED_OR_BAD_RECORD_MAC as i32);
    }

    #[test]
    fn skips_declined_early_data_within_its_budget() {
        let early = RecordKey::new(AeadAlg::Aes128Gcm, &[9; 16], &[9; 12]).unwrap();
        let mut tx_early = RecordLayer::default();
        tx_early.set_write_key(early);
        tx_early.send(CT_APPLICATION_DATA, &[1; 100]).unwrap();
        let mut tx = RecordLayer::default();
        tx.set_write_key(key());
        tx.send(CT_HANDSHAKE, b"finished").unwrap();
        let mut rx = RecordLayer::default();
        rx.set_read_key(key());
        rx.skip_early_data = 150;
        rx.receive(&tx_early.take_outgoing());
        rx.receive(&tx.take_outgoing());
        // The early record is dropped; the handshake record decrypts and ends skipping.
        let r = rx.next_record().unwrap().unwrap();
        assert_eq!((r.content_type, &r.payload[..]), (CT_HANDSHAKE, &b"finished"[..]));
        assert_eq!(rx.skip_early_data, 0);
        // Past the budget, an undecryptable record is bad_record_mac again.
        let mut tx_early = RecordLayer::default();
        tx_early.set_write_key(RecordKey::new(AeadAlg::Aes128Gcm, &[9; 16], &[9; 12]).unwrap());
        tx_early.send(CT_APPLICATION_DATA, &[1; 200]).unwrap();
        let mut rx = RecordLayer::default();
        rx.set_read_key(key());
        rx.skip_early_data = 150;
        rx.receive(&tx_early.take_outgoing());
        assert_eq!(rx.next_record().err().unwrap().alert, Some(AlertDescription::BadRecordMac));
    }

    fn tls12_keys() -> (RecordLayer, RecordLayer) {
        let mut tx = RecordLayer::default();
        let mut rx = RecordLayer::default();
        tx.tls12 = true;
        rx.tls12 = true;
        tx.set_write_key(RecordKey::new_tls12(AeadAlg::Aes128Gcm, &[1; 16], &[2; 4], true).unwrap());
        rx.set_read_key(RecordKey::new_tls12(AeadAlg::Aes128Gcm, &[1; 16], &[2; 4], false).unwrap());
        (tx, rx)
    }

    #[test]
    fn tls12_gcm_records_carry_the_sequence_as_explicit_nonce() {
        let (mut tx, mut rx) = tls12_keys();
        tx.send(CT_HANDSHAKE, b"finished").unwrap();
        tx.send(CT_APPLICATION_DATA, b"data").unwrap();
        let wire = tx.take_outgoing();
        // header, nonce_explicit = 0, 8 bytes sealed, 16-byte tag.
        assert_eq!(&wire[..13], &[CT_HANDSHAKE, 3, 3, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0]);
        rx.receive(&wire);
        let a = rx.next_record().unwrap().unwrap();
        assert_eq!((a.content_type, &a.payload[..]), (CT_HANDSHAKE, &b"finished"[..]));
        let b = rx.next_record().unwrap().unwrap();
        assert!(b.in_place);
        assert_eq!(rx.app_data(), b"data");
    }

    #[test]
    fn rejects_tls12_record_with_changed_type() {
        let (mut tx, mut rx) = tls12_keys();
        tx.send(CT_APPLICATION_DATA, b"data").unwrap();
        let mut wire = tx.take_outgoing();
        // The type is authenticated through the AAD.
        wire[0] = CT_HANDSHAKE;
        rx.receive(&wire);
        assert_eq!(rx.next_record().err().unwrap().alert, Some(AlertDescription::BadRecordMac));
    }

    #[test]
    fn rejects_oversized_record() {
        let mut rx = RecordLayer::default();
        rx.receive(&[CT_APPLICATION_DATA, 3, 3, 0x41, 0x01]);
        let e = rx.next_record().err().unwrap();
        assert_eq!(e.alert, Some(AlertDescription::RecordOverflow));
    }

    #[test]
    fn rejects_unknown_record_type() {
        let mut rx = RecordLayer::default();
        rx.receive(&[99, 3, 3, 0, 1, 0]);
        assert_eq!(rx.next_record().err().unwrap().alert, Some(AlertDescription::UnexpectedMessage));
    }

    #[test]
    fn waits_for_whole_record() {
        let mut rx = RecordLayer::default();
        rx.receive(&[CT_HANDSHAKE, 3, 3, 0, 4, 1]);
        assert!(rx.next_record().unwrap().is_none());
        assert_eq!(rx.bytes_wanted(), 3);
    }
}
