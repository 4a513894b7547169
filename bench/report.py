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
prims = defaultdict(list)
calibrations = {}
cpu_features = ""
for line in open(raw):
    parts = line.split()
    if len(parts) == 5 and parts[0] == "calibration":
        calibrations[parts[1]] = (parts[2], int(parts[3]), int(parts[4]))
        continue
    if len(parts) == 2 and parts[0] == "cpu-features":
        cpu_features = parts[1]
        continue
    if len(parts) == 4 and parts[0] == "primitive":
        prims[parts[1]].append(float(parts[2]))
        continue
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
         "tls12-memory-per-pair", "process-one-handshake", "rr", "threads-1", "threads-2"]
# cpu-scaling is the machine's, not a library's: reported with the thread scaling.
targets = {"full-ecdsa": ">= 2.0", "full-rsa": ">= 2.0", "resume": ">= 2.0", "bulk-aes128gcm": ">= 1.1",
           "bulk-chacha20": ">= 1.1", "memory-net-per-pair": "<= 0.15",
           "tls12-full-ecdsa": ">= 2.5", "tls12-resume-id": ">= 3.0", "tls12-resume-ticket": ">= 3.0",
           "tls12-bulk-aes128gcm": ">= 1.2", "tls12-memory-net-per-pair": "<= 0.15", "rr": ">= 1.5"}
matrix = sorted({name for (_, name) in values if name.startswith("bulk-") and "-w" in name},
                key=lambda n: (n.split("-")[1], int(n.split("-w")[1].split("k")[0]), n.split("-b")[1]))
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

# The committed memory figures (docs/memory.ratchet, the same measure less
# the harness): a rise of more than 10% is reported loudly.
memory_alarm = []
ratchet_file = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs", "memory.ratchet")
if os.path.exists(ratchet_file):
    committed = dict(line.split() for line in open(ratchet_file) if line.strip())
    for row, key in (("memory-net-per-pair", "tls13-pair-bytes"), ("tls12-memory-net-per-pair", "tls12-pair-bytes")):
        now = next((r for n_, _, r, _ in rows if n_ == row), None)
        if now is not None and key in committed and now > int(committed[key]) * 1.10:
            memory_alarm.append(f"**MEMORY REGRESSION: {row} is {now:,.0f} bytes, more than 10% over the committed {int(committed[key]):,} (docs/memory.ratchet).**")
for alarm in memory_alarm:
    print(alarm, file=sys.stderr)

cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
ossl = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip()
n = len(values[("openssl", "full-ecdsa")])
lines = [
    "# Benchmark: libssl-rs vs OpenSSL (same binary, interleaved runs)",
    "",
    f"Machine: {cpu}, {os.cpu_count()} CPUs, {platform.platform()}; system {ossl}. "
    f"Medians of {n} runs each; ratio = libssl-rs / OpenSSL (for memory and process time, lower is better).",
    *memory_alarm,
    "",
    f"CPU features: {cpu_features}. Record AEAD implementation the library chose on this CPU (best of 6, 16 KiB "
    "sealed and opened; libcrypto only when 10% faster): "
    + "; ".join(f"{a}: {c} (aws-lc {aw / 1000:.1f} us, libcrypto {lc / 1000:.1f} us)" for a, (c, aw, lc) in sorted(calibrations.items())) + ".",
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
    "rr: request/response on one established connection, 100 bytes up and 1 KiB down per round trip.",
    "threads-T: T threads, each alternating a full and a resumed TLS 1.3 handshake (ECDSA) on one shared",
    "server SSL_CTX (session cache on) and one shared client SSL_CTX; handshakes per second over all threads.",
]

# Ceilings: what the unavoidable primitive operations (aws-lc-rs, measured in
# the same run by bench/primitives.rs; medians) allow, in the scenario's unit.
p = {k: statistics.median(v) for k, v in prims.items()}
ceilings = {}
if p:
    kx, es, ev = p["x25519-keyshare"], p["ecdsa-p256-sign"], p["ecdsa-p256-verify"]
    # Both ends in one thread: two key shares (generate + agree), the
    # server's signature, the client's CertificateVerify check and its check
    # of the chain (the test CA is ECDSA P-256).
    full_ecdsa = 2 * kx + es + 2 * ev
    full_rsa = 2 * kx + p["rsa2048-pss-sign"] + p["rsa2048-pss-verify"] + ev
    resume = 2 * kx  # psk_dhe_ke: the key shares only
    ceilings["full-ecdsa"] = ("2 key shares + ECDSA sign + 2 ECDSA verify", 1e6 / full_ecdsa)
    ceilings["tls12-full-ecdsa"] = ceilings["full-ecdsa"]
    ceilings["full-rsa"] = ("2 key shares + RSA-PSS sign + RSA-PSS verify + ECDSA verify", 1e6 / full_rsa)
    ceilings["resume"] = ("2 key shares", 1e6 / resume)
    ncpu = os.cpu_count() or 1
    for t in (1, 2):
        ceilings[f"threads-{t}"] = (f"{min(t, ncpu)} core(s) x (full + resumed)/2", min(t, ncpu) * 2e6 / (full_ecdsa + resume))

    def bulk(suite, kib):
        # MiB/s: one record of the size seals and opens per `kib` KiB.
        return 1e6 / p[f"{suite}-{kib}k-seal-open"] * kib / 1024

    ceilings["bulk-aes128gcm"] = ("AES-128-GCM seal + open, 16 KiB records", bulk("aes128gcm", 16))
    ceilings["tls12-bulk-aes128gcm"] = ceilings["bulk-aes128gcm"]
    ceilings["bulk-chacha20"] = ("ChaCha20-Poly1305 seal + open, 16 KiB records", bulk("chacha20", 16))
    for name in matrix:
        suite = name.split("-")[1]
        w = int(name.split("-w")[1].split("k")[0])
        ceilings[name] = ("", bulk(suite, min(w, 16)))
    lines += ["", "## Ceilings", "",
              "Primitive costs measured in the same run through aws-lc-rs (bench/primitives.rs), medians:", "",
              "| primitive | us per operation |", "|---|---:|"]
    lines += [f"| {k} | {v:.2f} |" for k, v in p.items()]
    lines += ["", "The ceiling of a scenario is the rate its unavoidable primitive operations alone allow; the",
              "fractions are each library's median rate over it (handshake target >= 85%, bulk >= 90%).", "",
              "| scenario | ceiling made of | ceiling | OpenSSL | libssl-rs |", "|---|---|---:|---:|---:|"]
    for name, (what, c) in ceilings.items():
        if name in matrix or ("openssl", name) not in values:
            continue
        o = statistics.median(values[("openssl", name)])
        r = statistics.median(values[("libssl-rs", name)])
        lines.append(f"| {name} | {what} | {c:,.0f} {units[name]} | {100 * o / c:.0f}% | {100 * r / c:.0f}% |")
if matrix:
    lines += ["", "## Bulk matrix", "",
              "One TLS 1.3 connection over a BIO pair; SSL_write calls of w KiB, BIO pair buffers of b KiB each way",
              "(17 KiB is OpenSSL's default). MiB/s, medians; ceiling: seal + open of the same records (64 KiB",
              "writes are 16 KiB records). Target: every cell >= 1.2x.", "",
              "| suite | write | BIO | OpenSSL | libssl-rs | ratio | OpenSSL of ceiling | libssl-rs of ceiling |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name in matrix:
        o = statistics.median(values[("openssl", name)])
        r = statistics.median(values[("libssl-rs", name)])
        suite = name.split("-")[1]
        w = name.split("-w")[1].split("-")[0]
        b = name.split("-b")[1]
        c = ceilings.get(name, ("", float("nan")))[1]
        lines.append(f"| {suite} | {w} | {b} | {o:,.0f} | {r:,.0f} | {r / o:.2f} | {100 * o / c:.0f}% | {100 * r / c:.0f}% |")
if ("openssl", "threads-1") in values and ("openssl", "threads-2") in values:
    sc = {lib: statistics.median(values[(lib, "threads-2")]) / statistics.median(values[(lib, "threads-1")])
          for lib in ("openssl", "libssl-rs")}
    cpu = statistics.median(values[("openssl", "cpu-scaling")] + values[("libssl-rs", "cpu-scaling")]) \
        if ("openssl", "cpu-scaling") in values else float("nan")
    lines += ["", f"Thread scaling, threads-2 / threads-1 (target >= 1.8 for libssl-rs): OpenSSL {sc['openssl']:.2f}x, "
              f"libssl-rs {sc['libssl-rs']:.2f}x. The machine itself: two threads of pure arithmetic run "
              f"{cpu:.2f}x one (cpu-scaling, same run), the ceiling of any scaling here."]
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
if matrix:
    fig, ax = plt.subplots(figsize=(12, 3.6))
    ratios = [statistics.median(values[("libssl-rs", m)]) / statistics.median(values[("openssl", m)]) for m in matrix]
    ax.bar(range(len(matrix)), ratios, color="#c0392b")
    ax.axhline(1.0, color="#888888", linewidth=0.8)
    ax.axhline(1.2, color="#2c3e50", linewidth=0.8, linestyle="--")
    ax.set_xticks(range(len(matrix)))
    ax.set_xticklabels([m[5:] for m in matrix], rotation=70, fontsize=6)
    ax.set_ylabel("libssl-rs / OpenSSL", fontsize=8)
    ax.set_title("Bulk matrix: throughput ratio (dashed: 1.2x target)", fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(outdir, "matrix.png"), dpi=110)
    plt.close(fig)
if ceilings:
    named = [n for n in ceilings if n not in matrix and ("openssl", n) in values]
    fig, ax = plt.subplots(figsize=(10, 3.4))
    xs = range(len(named))
    for off, lib, color in ((-0.2, "openssl", "#888888"), (0.2, "libssl-rs", "#c0392b")):
        ax.bar([x + off for x in xs], [100 * statistics.median(values[(lib, n)]) / ceilings[n][1] for n in named],
               width=0.4, color=color, label=lib)
    ax.set_xticks(list(xs))
    ax.set_xticklabels(named, rotation=30, fontsize=7)
    ax.set_ylabel("% of the primitive ceiling", fontsize=8)
    ax.legend(fontsize=7)
    ax.set_title("Fraction of what the primitives allow", fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(outdir, "ceiling.png"), dpi=110)
    plt.close(fig)
# Six panels a row: a single row of 19 is unreadable at page width.
cols = 6
nrows = (len(shown) + cols - 1) // cols
fig, axes = plt.subplots(nrows, cols, figsize=(2.2 * cols, 3.0 * nrows), squeeze=False)
for ax in axes.flat[len(shown):]:
    ax.axis("off")
for ax, (name, o, r, unit) in zip(axes.flat, shown):
    ax.bar(["OpenSSL", "libssl-rs"], [o, r], color=["#888888", "#c0392b"])
    ax.set_title(name, fontsize=8)
    ax.set_ylabel(unit, fontsize=7)
    ax.tick_params(labelsize=7)
fig.suptitle("libssl-rs vs OpenSSL " + ossl.split()[1] + " (medians)", fontsize=10)
fig.tight_layout()
fig.savefig(os.path.join(outdir, "latest.png"), dpi=110)
