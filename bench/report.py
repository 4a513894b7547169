#!/usr/bin/env python3
"""Medians and ratios (libssl-rs / OpenSSL) from bench/run.sh's raw lines,
written as bench/results/latest.md and bench/results/latest.png."""
import os
import platform
import statistics
import subprocess
import sys
from collections import defaultdict

raw, outdir = sys.argv[1], sys.argv[2]
values = defaultdict(list)
units = {}
libs = defaultdict(set)
for line in open(raw):
    parts = line.split()
    if len(parts) == 3 and parts[1] == "lib":
        libs[parts[0]].add(parts[2])
        continue
    if len(parts) != 4:
        continue
    lib, name, value, unit = parts
    values[(lib, name)].append(float(value))
    units[name] = unit

# Every run must have loaded the library it was meant to.
assert all("target/release" in p for p in libs["libssl-rs"]), libs
assert all("target/release" not in p for p in libs["openssl"]), libs

order = ["full-ecdsa", "full-rsa", "resume", "bulk-aes128gcm", "bulk-chacha20",
         "memory-per-pair", "memory-harness-per-pair", "memory-after-free",
         "tls12-full-ecdsa", "tls12-resume-id", "tls12-resume-ticket", "tls12-bulk-aes128gcm",
         "tls12-memory-per-pair", "process-one-handshake"]
targets = {"full-ecdsa": ">= 2.0", "full-rsa": ">= 2.0", "resume": ">= 2.0", "bulk-aes128gcm": ">= 1.1",
           "bulk-chacha20": ">= 1.1", "memory-net-per-pair": "<= 0.4",
           "tls12-full-ecdsa": ">= 2.5", "tls12-resume-id": ">= 3.0", "tls12-resume-ticket": ">= 3.0",
           "tls12-bulk-aes128gcm": ">= 1.2", "tls12-memory-net-per-pair": "<= 0.33"}
rows = []
for name in order:
    if (("openssl", name) not in values):
        continue
    o = statistics.median(values[("openssl", name)])
    r = statistics.median(values[("libssl-rs", name)])
    rows.append((name, o, r, units[name]))
med = {n: (o, r) for n, o, r, _ in rows}
if "memory-per-pair" in med and "memory-harness-per-pair" in med:
    h = med["memory-harness-per-pair"][0]
    rows.append(("memory-net-per-pair", med["memory-per-pair"][0] - h, med["memory-per-pair"][1] - h, "bytes"))
    if "tls12-memory-per-pair" in med:
        t = med["tls12-memory-per-pair"]
        rows.append(("tls12-memory-net-per-pair", t[0] - h, t[1] - h, "bytes"))

cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
ossl = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip()
n = len(values[("openssl", "full-ecdsa")])
lines = [
    "# Benchmark: libssl-rs vs OpenSSL (same binary, interleaved runs)",
    "",
    f"Machine: {cpu}, {os.cpu_count()} CPUs, {platform.platform()}; system {ossl}. "
    f"Medians of {n} runs each; ratio = libssl-rs / OpenSSL (for memory and process time, lower is better).",
    "",
    "| scenario | OpenSSL | libssl-rs | unit | ratio | target |",
    "|---|---:|---:|---|---:|---|",
]
for name, o, r, unit in rows:
    ratio = r / o if o else float("nan")
    lines.append(f"| {name} | {o:,.1f} | {r:,.1f} | {unit} | {ratio:.2f} | {targets.get(name, '')} |")
lines += [
    "",
    "full-*: TLS 1.3 full handshakes (X25519; ECDSA P-256 or RSA-2048 server certificate; the client verifies the",
    "chain with SSL_VERIFY_PEER and SSL_set1_host). resume: every connection offers the previous one's",
    "SSL_get1_session (psk_dhe_ke); a run aborts unless both sides report reuse. bulk-*: one connection,",
    "16 KiB SSL_write calls. memory-per-pair: heap (mallinfo2) per established client+server pair with 1000",
    "pairs open, including the BIO pairs that join them (memory-harness-per-pair, the same for both);",
    "memory-net-per-pair subtracts that. memory-after-free: heap still in use after freeing all pairs.",
    "tls12-*: the same with the client limited to TLS 1.2 (ECDHE-ECDSA-AES256-GCM-SHA384, extended master",
    "secret); tls12-resume-id: the server sets SSL_OP_NO_TICKET (session-id cache); tls12-resume-ticket:",
    "RFC 5077 tickets; tls12-bulk-aes128gcm: ECDHE-ECDSA-AES128-GCM-SHA256.",
    "process-one-handshake: wall time of a whole tlsbench process doing one full TLS 1.3 handshake, loading",
    "and first use of the library included (what each run of a one-shot program such as curl pays).",
]
os.makedirs(outdir, exist_ok=True)
open(os.path.join(outdir, "latest.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib unavailable: no chart written", file=sys.stderr)
    sys.exit(0)
shown = [r for r in rows if r[0] != "memory-harness-per-pair"]
fig, axes = plt.subplots(1, len(shown), figsize=(2.2 * len(shown), 3.6))
for ax, (name, o, r, unit) in zip(axes, shown):
    ax.bar(["OpenSSL", "libssl-rs"], [o, r], color=["#888888", "#c0392b"])
    ax.set_title(name, fontsize=8)
    ax.set_ylabel(unit, fontsize=7)
    ax.tick_params(labelsize=7)
fig.suptitle("libssl-rs vs OpenSSL " + ossl.split()[1] + " (medians)", fontsize=10)
fig.tight_layout()
fig.savefig(os.path.join(outdir, "latest.png"), dpi=110)
