# Sourced (with $root set to the checkout) by the scripts that build or synthesize the Rust
# handler of examples/rust: rust-handlers.sh, dev-check.sh, examples-check.sh. They share one
# target folder, kept across runs, and build it without optimization: the tests check that the
# handler runs, not how fast, and unoptimized builds of its dependencies take half the time.
# cargo-lambda (and zig) come from the venv of scripts/python-env.sh.
PATH="$("$root/scripts/python-env.sh"):$PATH"
export CARGO_TARGET_DIR=$root/target/rust-handlers CARGO_PROFILE_RELEASE_OPT_LEVEL=0
