#!/usr/bin/env bash
# Every one of OpenSSL 3.0's 518 libssl exports called with hostile
# arguments (tools/gen_misuse.py generates the program from the export list
# and the system headers' prototypes): all-NULL arguments; an SSL_CTX*
# where an SSL* is expected, an SSL* for an SSL_CTX*, a libcrypto BIO* for
# an SSL_SESSION*; and freed SSL, SSL_CTX and SSL_SESSION handles (use
# after free, double free). One fork per case.
#  - On our library no case may crash or hang: "N of 518 exports survive";
#    with a foreign or freed handle each returns its failure value.
#  - Where the system libssl survives the all-NULL call, ours must return
#    the same value and queue an error exactly when it does (its foreign and
#    freed cases are undefined behaviour there, so only ours are judged);
#    stubs (not implemented: they fail and name themselves) and the few
#    listed below are exempt.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-misuse.XXXXXX)
. "$ROOT/capi-tests/lib.sh"
echo "Misuse of every export (work dir $WORK)"

python3 "$ROOT/tools/gen_misuse.py" "$WORK/misuse_all.c" || { fail "generating the misuse program"; summary "Misuse"; exit 1; }
gcc -O0 -w -o "$WORK/misuse_all" "$WORK/misuse_all.c" -lssl -lcrypto || { fail "building the misuse program"; summary "Misuse"; exit 1; }
ulimit -c 0
timeout 300 "$WORK/misuse_all" null >"$WORK/sys.txt" 2>/dev/null
LD_LIBRARY_PATH="$LIBDIR" timeout 300 "$WORK/misuse_all" >"$WORK/ours.txt" 2>/dev/null
# The run on ours must have loaded ours: its stub of a DTLS method fails.
grep -q "^case DTLS_method null survived null 1" "$WORK/ours.txt" || fail "the misuse run did not load our library" "$WORK/ours.txt"

python3 - "$WORK/sys.txt" "$WORK/ours.txt" "$ROOT/src/ffi/stubs.rs" >"$WORK/verdict.txt" <<'EOF'
import re, sys
# Exempt from the comparison with the system libssl, and why.
EXEMPT = {
    # OpenSSL returns the address of a field of the NULL object (&s->sid_ctx,
    # &s->session_id, &s->dane): a pointer, but not one to anything.
    "SSL_SESSION_get0_id_context", "SSL_SESSION_get_id", "SSL_get0_dane",
    # OpenSSL's error comes from BIO_printf on the NULL BIO it is handed.
    "SSL_trace",
}
def load(path):
    cases = {}
    for line in open(path):
        p = line.split()
        if p and p[0] == "case":
            cases[(p[1], p[2])] = p[3:]
    return cases
sys_cases, ours = load(sys.argv[1]), load(sys.argv[2])
stubs = set(re.findall(r'pub extern "C" fn (\w+)', open(sys.argv[3]).read()))
exports = {name for name, _ in ours}
crashed = sorted({f"{n} {k} {v[1]}" for (n, k), v in ours.items() if v[0] != "survived"})
survivors = len({n for n, _ in ours} - {c.split()[0] for c in crashed})
print(f"cases {len(ours)} exports {len(exports)} survivors {survivors}")
for c in crashed:
    print("crashed", c)
compared = 0
for (name, kind), v in sorted(sys_cases.items()):
    if kind != "null" or v[0] != "survived" or name in stubs or name in EXEMPT:
        continue
    compared += 1
    if ours.get((name, kind)) != v:
        print("differs", name, "system:", " ".join(v[1:]), "ours:", " ".join(ours.get((name, kind), ["missing"])[1:]))
print(f"compared {compared}")
# Foreign and freed handles on ours: the failure value — NULL, 0 or below,
# or what the function's contract names as its failure or "nothing".
FAILURE_VALUES = {
    "SSL_get_error": "1",            # SSL_ERROR_SSL
    "SSL_get_verify_result": "1",    # X509_V_ERR_UNSPECIFIED
    "SSL_want": "1",                 # SSL_NOTHING
    "SSL_CTX_set_alpn_protos": "1", "SSL_set_alpn_protos": "1",  # 0 is success
    "SSL_CTX_set_tlsext_use_srtp": "1", "SSL_set_tlsext_use_srtp": "1",
    "SSL_get_client_random": "32", "SSL_get_server_random": "32",  # a size query (outlen 0)
    "SSL_state_string": "ptr", "SSL_state_string_long": "ptr",  # static strings, never NULL
    "SSL_rstate_string": "ptr", "SSL_rstate_string_long": "ptr",
}
judged = 0
for (name, kind), v in sorted(ours.items()):
    if kind == "null" or v[0] != "survived" or v[1] in ("void", "null"):
        continue
    judged += 1
    ok = v[1] == FAILURE_VALUES.get(name) or (v[1] != "ptr" and int(v[1]) <= 0)
    if not ok:
        print("succeeded", name, kind, "returned", v[1])
print(f"judged {judged}")
EOF
cases=$(awk '/^cases/ {print $2}' "$WORK/verdict.txt")
exports=$(awk '/^cases/ {print $4}' "$WORK/verdict.txt")
survivors=$(awk '/^cases/ {print $6}' "$WORK/verdict.txt")
compared=$(awk '/^compared/ {print $2}' "$WORK/verdict.txt")
echo "  $survivors of 518 exports survive NULL, foreign and freed arguments ($cases cases)"
if [ "$exports" = 518 ] && [ "$survivors" = 518 ] && ! grep -q "^crashed" "$WORK/verdict.txt"; then
    pass "all 518 exports survive NULL, foreign and freed handles ($cases cases, one fork each)"
else fail "exports crashing or hanging on misuse" "$WORK/verdict.txt"; fi
if [ "${compared:-0}" -ge 90 ] && ! grep -q "^differs" "$WORK/verdict.txt"; then
    pass "all-NULL calls the system libssl survives: same result and error queue on ours ($compared exports)"
else fail "all-NULL calls differ from the system libssl" "$WORK/verdict.txt"; fi

judged=$(awk '/^judged/ {print $2}' "$WORK/verdict.txt")
if [ "${judged:-0}" -ge 500 ] && ! grep -q "^succeeded" "$WORK/verdict.txt"; then
    pass "foreign and freed handles: every non-void call returns its failure value ($judged cases)"
else fail "calls with foreign or freed handles that did not fail" "$WORK/verdict.txt"; fi

summary "Misuse of every export"
