# libssl-rs: `make` builds target/release/libssl.so.3; `make check` runs every
# test; `make demo` runs the Chapter 8 session-reuse story.
CARGO   ?= cargo
REL     := target/release
STATIC  := $(REL)/libssl_rs.a
LIB     := $(REL)/libssl.so.3
MAP     := $(REL)/libssl.map
EXPORTS := tools/libssl-3.0-exports.txt
EXPORTS35 := tools/libssl-3.5-exports.txt

.PHONY: all bench openssl-tests ratchet ratchet-update conformance fuzz soak check-asan check deps demo rust-tests capi-tests program-tests check-generated check-exports abi-conformance regen clean FORCE

all: $(LIB)

$(STATIC): FORCE
	$(CARGO) build --release

# OpenSSL 3.0's exports under OPENSSL_3.0.0, and those 3.2-3.5 added under
# their own nodes (tools/version-script.sh); everything else local.
$(MAP): $(EXPORTS) $(EXPORTS35) tools/version-script.sh
	@mkdir -p $(REL)
	@tools/version-script.sh $(EXPORTS35) $(EXPORTS) > $@

# We link the .so ourselves from the static library: rustc's cdylib already
# passes GNU ld a version script, and ld accepts only one (see README).
$(LIB): $(STATIC) $(MAP)
	gcc -shared -o $@ -Wl,-soname,libssl.so.3 -Wl,--version-script=$(MAP) \
	    -Wl,--whole-archive $(STATIC) -Wl,--no-whole-archive \
	    -lcrypto -lpthread -ldl -lm -Wl,-z,defs -Wl,--gc-sections -Wl,-z,now

check: deps all check-generated check-exports abi-conformance rust-tests capi-tests program-tests
	@echo "make check: all passed"

# The Debian packages the tests need: installed when root, else named.
deps:
	tools/test-deps.sh

rust-tests:
	$(CARGO) test --release --quiet

capi-tests: $(LIB)
	capi-tests/run.sh
	capi-tests/misuse_all.sh
	capi-tests/adversarial.sh
	capi-tests/tls12.sh
	capi-tests/tls12_legacy.sh
	capi-tests/tls12_psk.sh
	capi-tests/tls12_srp.sh
	capi-tests/tls10.sh
	capi-tests/callback_settings.sh
	capi-tests/renegotiation.sh
	capi-tests/conf_cmds.sh
	capi-tests/signing_keys.sh
	capi-tests/curves12.sh
	capi-tests/tls13_ccm.sh
	capi-tests/ct.sh

# Real programs from their Debian packages, unchanged, on both libraries.
program-tests: $(LIB)
	capi-tests/programs.sh
	capi-tests/client_auth_programs.sh
	capi-tests/debian13.sh

# Generated files are committed and must be current.
check-generated: $(STATIC)
	python3 tools/gen_stubs.py --check
	@cmp -s $(REL)/libssl_rs.h include/libssl_rs.h || { echo "include/libssl_rs.h is stale: run make regen"; exit 1; }
	@echo "include/libssl_rs.h is current"

# OpenSSL 3.0's 518 functions under OPENSSL_3.0.0, 3.5's 86 more under their nodes; SONAME and NEEDED right.
check-exports: $(LIB)
	tools/check-exports.sh $(LIB) $(EXPORTS) $(EXPORTS35)

abi-conformance:
	gcc -Wall -Werror -std=gnu11 -Iinclude -c capi-tests/abi_conformance.c -o $(REL)/abi_conformance.o
	@echo "abi conformance: our prototypes match <openssl/ssl.h>"

regen: $(STATIC)
	python3 tools/gen_stubs.py
	$(CARGO) build --release
	cp $(REL)/libssl_rs.h include/libssl_rs.h

demo: $(LIB)
	demo/run.sh

# OpenSSL 3.0's own TLS test recipes on its libssl and on ours (not part of
# check: it fetches and builds OpenSSL's source under target/openssl/);
# writes docs/OPENSSL-TESTS.md and docs/openssl-tests.results.
openssl-tests: $(LIB)
	tools/openssl-tests.sh

# What passed once keeps passing: OpenSSL's suite against the committed
# docs/openssl-tests.results, heap per connection pair against
# docs/memory.ratchet (+10%). .ci/run runs it after check.
ratchet: $(LIB)
	tools/ratchet.sh

ratchet-update: $(LIB)
	tools/ratchet.sh update

# tlsfuzzer against openssl s_server on both libraries (not part of check:
# it needs a tlsfuzzer checkout and PyPI); writes docs/CONFORMANCE.md.
conformance: $(LIB)
	tools/conformance.sh

# cargo-fuzz targets (nightly; not part of check): FUZZ_SECONDS per target,
# corpora seeded from real handshakes; writes docs/ROBUSTNESS.md's table.
fuzz:
	tools/fuzz.sh

# The C API tests on an AddressSanitizer build of the library (nightly rustc,
# GCC's libasan; not part of check: it rebuilds everything instrumented).
check-asan:
	tools/check-asan.sh

# 1,000,000 mixed handshakes on 4 threads with cache churn; resident memory
# must stay within 10% (not part of check: minutes of CPU).
soak: $(LIB)
	capi-tests/soak.sh

# Side-by-side benchmark (not part of check: performance is measured, not asserted).
bench: $(LIB)
	bench/run.sh

clean:
	$(CARGO) clean
