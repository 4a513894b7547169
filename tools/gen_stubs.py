#!/usr/bin/env python3
"""Generates src/ffi/stubs.rs and docs/API-COVERAGE.md from the source.

Implemented = every name in tools/libssl-3.0-exports.txt, and every name
OpenSSL 3.2-3.5 added (tools/libssl-3.5-exports.txt), that src/ffi (other
than stubs.rs) defines as an export. Every other export gets a stub that
pushes an error naming itself and returns the failure value its OpenSSL
prototype allows (NULL, 0, or -1 where 0 would mean success/valid).

Usage: gen_stubs.py            write both files
       gen_stubs.py --check    exit 1 if either file is out of date
"""
import os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPORTS = os.path.join(ROOT, "tools", "libssl-3.0-exports.txt")
EXPORTS35 = os.path.join(ROOT, "tools", "libssl-3.5-exports.txt")
# The QUIC API of 3.2-3.5 on TLS objects (src/ffi/quic_absent.rs).
QUIC_FILE = "quic_absent.rs"
# Return kinds of 3.5's functions, whose prototypes the 3.0 headers lack.
KINDS_35 = {"SSL_CTX_get1_compressed_cert": "long", "SSL_get1_compressed_cert": "long"}
FFI = os.path.join(ROOT, "src", "ffi")
STUBS = os.path.join(FFI, "stubs.rs")
COVERAGE = os.path.join(ROOT, "docs", "API-COVERAGE.md")

# Stubs whose "failure" is not 0 / NULL under OpenSSL's contract.
FAILURE_OVERRIDES = {
    "SSL_CTX_set_tlsext_use_srtp": "1",   # returns 0 on success
    "SSL_set_tlsext_use_srtp": "1",
    "SSL_get_servername_type": "-1",      # -1: no name
    "DTLSv1_listen": "-1",
    "SSL_COMP_add_compression_method": "1",  # returns 0 on success
}


# The rule (DESIGN.md, "OpenSSL semantics"): a function whose OpenSSL
# contract cannot fail never pushes an error, because a queued error turns
# the caller's next would-block into SSL_ERROR_SSL. Every void function is
# such a function, and so are these getters, whose "none" is an ordinary
# answer. None of them may be a stub: generation fails if one is.
NEVER_FAILS = {
    "SSL_get_current_compression", "SSL_get_current_expansion", "SSL_COMP_get_compression_methods",
    "SSL_COMP_get0_name", "SSL_COMP_get_id", "SSL_COMP_get_name", "SSL_SESSION_get_compress_id",
    "SSL_SESSION_get_max_fragment_length", "SSL_get_selected_srtp_profile", "SSL_get_srtp_profiles",
    "SSL_get_early_data_status", "SSL_get0_dane", "SSL_get0_dane_authority", "SSL_get0_dane_tlsa",
    "SSL_get0_peer_scts", "SSL_CTX_ct_is_enabled", "SSL_ct_is_enabled", "SSL_waiting_for_async",
    "SSL_get_all_async_fds", "SSL_get_changed_async_fds", "SSL_get_async_status", "SSL_renegotiate_pending",
    "SSL_rstate_string", "SSL_rstate_string_long", "SSL_state_string", "SSL_state_string_long",
    "SSL_alert_type_string", "SSL_alert_type_string_long", "SSL_alert_desc_string", "SSL_alert_desc_string_long",
    "SSL_CTX_get_security_level", "SSL_get_security_level", "SSL_CTX_get_security_callback",
    "SSL_get_security_callback", "SSL_CTX_get0_security_ex_data", "SSL_get0_security_ex_data",
    "SSL_CTX_get_quiet_shutdown", "SSL_get_quiet_shutdown", "SSL_get_read_ahead", "SSL_CTX_get_verify_depth",
    "SSL_get_verify_depth", "SSL_CTX_get_max_early_data", "SSL_get_max_early_data",
    "SSL_CTX_get_recv_max_early_data", "SSL_get_recv_max_early_data", "SSL_CTX_get0_CA_list", "SSL_get0_CA_list",
    "SSL_get0_peer_CA_list", "SSL_get_psk_identity", "SSL_get_psk_identity_hint", "SSL_get0_peername",
    "SSL_get_sigalgs", "SSL_get_shared_sigalgs", "SSL_get_ssl_method", "SSL_group_to_name",
    "SSL_extension_supported", "SSL_get_default_passwd_cb", "SSL_get_default_passwd_cb_userdata",
    "SSL_CTX_get_record_padding_callback_arg", "SSL_get_record_padding_callback_arg",
    "SSL_SESSION_get0_ticket_appdata", "SSL_get_client_random", "SSL_get_server_random", "SSL_get_finished",
    "SSL_get_peer_finished", "SSL_CTX_get_ciphers", "SSL_get_ciphers", "SSL_get_client_ciphers",
    "SSL_get_cipher_list", "OSSL_default_cipher_list", "OSSL_default_ciphersuites", "SSL_CTX_get0_ctlog_store",
    "SSL_client_hello_isv2", "SSL_client_hello_get0_legacy_version", "SSL_client_hello_get0_random",
    "SSL_client_hello_get0_session_id", "SSL_client_hello_get0_ciphers",
    "SSL_client_hello_get0_compression_methods", "SSL_client_hello_get0_ext",
}

# Why a remaining stub may push an error: its OpenSSL contract has a failure
# value, and the feature behind it is not offered (yet). First match wins.
STUB_REASONS = [
    ("DTLS", "DTLS is not offered"),
    ("SRP", "SRP is not offered (deprecated in OpenSSL 3.0)"),
    ("_srp_", "SRP is not offered (deprecated in OpenSSL 3.0)"),
    ("dane", "DANE is not offered"),
    ("_ct", "Certificate Transparency is not offered"),
    ("ctlog", "Certificate Transparency is not offered"),
    ("custom_ext", "custom extensions are not offered"),
    ("serverinfo", "custom extensions are not offered"),
    ("early_data", "early data is not offered"),
    ("renegotiate", "renegotiation is not implemented: a peer's renegotiation request is refused with a no_renegotiation warning"),
    ("RSAPrivateKey", "the deprecated RSA* key API is not offered"),
    ("srtp", "SRTP is not offered"),
    ("COMP_", "compression is never offered"),
    ("async", "async jobs are not offered"),
    ("padding", "record padding is not offered"),
    ("compress", "certificate compression (RFC 8879) is not offered"),
    ("cert_type", "raw public keys (RFC 7250) are not offered"),
    ("rpk", "raw public keys (RFC 7250) are not offered"),
    ("max_fragment_length", "max_fragment_length is not offered"),
]


def stub_reason(name):
    for key, why in STUB_REASONS:
        if key in name:
            return why
    return "not implemented yet; its OpenSSL contract allows failure"


def exports():
    with open(EXPORTS) as f:
        return [l.strip() for l in f if l.strip()]


def nodes():
    """name -> version node, from OpenSSL 3.5's list."""
    with open(EXPORTS35) as f:
        return dict(l.split() for l in f if l.strip())


def all_exports():
    """3.0's list, then what 3.2-3.5 added, in the 3.5 list's order."""
    base = exports()
    return base + [n for n, v in nodes().items() if v != "OPENSSL_3.0.0" and n not in base]


def implemented(names):
    """Exports defined in src/ffi, and the "stored only" note of each whose
    doc comment says the engine does not act on it yet."""
    found = set()
    notes = {}
    files = {}
    for fn in sorted(os.listdir(FFI)):
        if not fn.endswith(".rs") or fn == "stubs.rs":
            continue
        text = open(os.path.join(FFI, fn)).read()
        for m in re.finditer(r'((?:^///.*\n)*)#\[no_mangle\]\s*pub (?:unsafe )?extern "C" fn (\w+)', text, re.M):
            doc, name = m.group(1), m.group(2)
            found.add(name)
            files[name] = fn
            doc = " ".join(l[3:].strip() for l in doc.splitlines() if not l.startswith("/// #") and not l.startswith("/// `") or l.startswith("/// `"))
            low = doc.lower()
            if "stored only" in low:
                why = doc[low.index("stored only") + len("stored only"):].lstrip(":;,. —-").split(". ")[0].rstrip(".")
                notes[name] = "stored only: " + why.strip("() ")
    return [n for n in names if n in found], sorted(found - set(names)), notes, files


def prototypes():
    src = "#include <openssl/ssl.h>\n#include <openssl/srp.h>\n"
    out = subprocess.run(["gcc", "-E", "-P", "-x", "c", "-"], input=src, capture_output=True, text=True, check=True).stdout
    # Split into declarations at ';' and '}' boundaries, whitespace-folded.
    text = re.sub(r"\s+", " ", out)
    return re.split(r"[;{}]", text)


def strip_attributes(text):
    """Removes every __attribute__((...)) group, parentheses balanced
    (deprecation messages hold parentheses of their own)."""
    while True:
        i = text.find("__attribute__")
        if i < 0:
            return text
        j = text.index("(", i)
        depth, k = 0, j
        while True:
            depth += {"(": 1, ")": -1}.get(text[k], 0)
            k += 1
            if depth == 0:
                break
        text = text[:i] + text[k:]


def return_kind(name, decls):
    for d in decls:
        m = re.search(r"(^|[\s*(])" + re.escape(name) + r"\s*\(", d)
        if not m:
            continue
        head = d[: m.start() + len(m.group(1))].strip()
        head = strip_attributes(head).replace("extern", "").strip()
        if not head or "typedef" in head:
            continue
        if head.endswith("(*") or head.endswith("( *"):
            return "ptr"
        if "*" in head:
            return "ptr"
        words = head.split()
        if words == ["void"]:
            return "void"
        if any(w in ("long", "size_t", "time_t", "uint64_t", "ossl_ssize_t") for w in words):
            return "long"
        return "int"
    return None


def rust_stub(name, kind):
    doc = f"/// `{name}`: not implemented yet; pushes an error naming itself and fails.\n#[no_mangle]\n"
    call = f'    crate::ffi::boundary::not_implemented("{name}");\n'
    if kind == "void":
        return doc + f'pub extern "C" fn {name}() {{\n{call}}}\n'
    if kind == "ptr":
        return doc + f'pub extern "C" fn {name}() -> *mut c_void {{\n{call}    std::ptr::null_mut()\n}}\n'
    fail = FAILURE_OVERRIDES.get(name, "0")
    ty = "c_long" if kind == "long" else "c_int"
    return doc + f'pub extern "C" fn {name}() -> {ty} {{\n{call}    {fail}\n}}\n'


def generate():
    names = all_exports()
    node = nodes()
    done, extra, notes, files = implemented(names)
    decls = prototypes()
    missing = [n for n in names if n not in done]
    parts = [
        "//! GENERATED by tools/gen_stubs.py — do not edit. Exports of OpenSSL 3.5's\n",
        "//! libssl we have not implemented: each pushes an error naming itself and\n",
        "//! returns its failure value. They take no parameters: on the C ABIs we\n",
        "//! support the caller owns argument cleanup, so ignoring them is sound.\n\n",
        "#![allow(non_snake_case, clippy::missing_safety_doc)]\n\n",
        "use std::ffi::{c_int, c_long, c_void};\n\n",
    ]
    kinds = {}
    for n in missing:
        k = KINDS_35.get(n) or return_kind(n, decls) or "int"
        kinds[n] = k
        parts.append(rust_stub(n, k) + "\n")
    broken = [n for n in missing if kinds[n] == "void" or n in NEVER_FAILS]
    if broken:
        sys.exit("these cannot fail in OpenSSL and so may not be stubs (implement them): " + ", ".join(broken))
    stubs = "".join(parts).rstrip() + "\n"
    quic = [n for n in done if files.get(n) == QUIC_FILE]
    by_node = {}
    for n in names:
        v = node.get(n, "OPENSSL_3.0.0")
        kind = "stub" if n not in done else ("quic" if n in quic else "done")
        by_node.setdefault(v, {"done": 0, "quic": 0, "stub": 0})[kind] += 1
    cov = [
        "# API coverage\n\n",
        "GENERATED by `tools/gen_stubs.py` from `src/ffi/` — do not edit.\n\n",
        f"**{len(done) - len(quic)} of {len(names)}** functions exported by OpenSSL 3.5's libssl (OpenSSL 3.0's "
        f"{len(exports())}, and the {len(names) - len(exports())} that 3.2–3.5 added, each under its own version node) "
        f"are implemented; {len(quic)} of 3.5's QUIC API answer as OpenSSL 3.5 answers for a TLS object "
        "(`src/ffi/quic_absent.rs`: QUIC is not offered, so no QUIC object can exist); "
        f"the other {len(missing)} are exported as stubs that fail with an error naming themselves.\n\n",
        "| version node | implemented | QUIC, answered as for TLS | stubs |\n|---|---:|---:|---:|\n",
    ]
    cov += [f"| {v} | {c['done']} | {c['quic']} | {c['stub']} |\n" for v, c in sorted(by_node.items())]
    cov += [
        "\n",
        "No stub is a function that cannot fail in OpenSSL (every void function, and the getters listed in\n"
        "`tools/gen_stubs.py` NEVER_FAILS): those never push an error, and generation fails if one is a stub.\n"
        f"{len(notes)} implemented setters store what they are given but the engine does not act on it yet;\n"
        "they are marked *stored only* below, with what is missing.\n\n",
        "## Implemented\n\n",
    ]
    since = lambda n: "" if node.get(n, "OPENSSL_3.0.0") == "OPENSSL_3.0.0" else f" ({node[n]})"
    cov += [f"- `{n}`{since(n)}" + (" — *QUIC: as for a TLS object*" if n in quic else "")
            + (f" — *{notes[n]}*" if n in notes else "") + "\n" for n in done]
    cov += ["\n## Not implemented (stubs): each pushes an error naming itself\n\n",
            "| function | fails with | why it may fail here |\n|---|---|---|\n"]
    cov += [f"| `{n}`{since(n)} | {'NULL' if kinds[n]=='ptr' else FAILURE_OVERRIDES.get(n, '0')} | {stub_reason(n)} |\n" for n in missing]
    if extra:
        cov += ["\n## Exported beyond OpenSSL 3.5's list\n\n"] + [f"- `{n}`\n" for n in extra]
    return stubs, "".join(cov)


def main():
    stubs, cov = generate()
    if "--check" in sys.argv:
        stale = [p for p, t in ((STUBS, stubs), (COVERAGE, cov)) if not os.path.exists(p) or open(p).read() != t]
        if stale:
            print("out of date (run tools/gen_stubs.py):", *stale)
            sys.exit(1)
        print("stubs and coverage are current")
        return
    open(STUBS, "w").write(stubs)
    open(COVERAGE, "w").write(cov)
    print(open(COVERAGE).read().splitlines()[4])


if __name__ == "__main__":
    main()
