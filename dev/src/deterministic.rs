//! `--deterministic`: what API Gateway and Lambda make random or take from the wall clock comes
//! from counters instead, so that a test can assert whole events and frames. Ids keep AWS's
//! shape (16 base64 characters ending in `=`) and say what they count: connection ids
//! `C0000000000001A=` upwards, request ids `R…`, message ids `M…`; Lambda request ids are UUIDs
//! `00000000-0000-4000-8000-000000000001` upwards. The clock events show starts at
//! 2024-01-01T00:00:00Z and advances one second per event built, and only then, so that the
//! times in an event depend on how many events came before it, not on how fast they came.
//!
//! The mode is process-wide (one flag, set before anything is served), hence atomics rather
//! than state threaded through every place that makes an id.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// 2024-01-01T00:00:00Z in epoch milliseconds.
pub const EPOCH_MS: u64 = 1_704_067_200_000;

static ON: AtomicBool = AtomicBool::new(false);
static CLOCK: AtomicU64 = AtomicU64::new(EPOCH_MS);
static CONNECTIONS: AtomicU64 = AtomicU64::new(0);
static REQUESTS: AtomicU64 = AtomicU64::new(0);
static MESSAGES: AtomicU64 = AtomicU64::new(0);
static INVOCATIONS: AtomicU64 = AtomicU64::new(0);
static TRACES: AtomicU64 = AtomicU64::new(0);

/// What a counted id counts.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Connection,
    Request,
    Message,
}

pub fn enable() {
    ON.store(true, Ordering::SeqCst);
}

fn on() -> bool {
    ON.load(Ordering::Relaxed)
}

/// The next id of a kind, in deterministic mode.
pub fn id(kind: Kind) -> Option<String> {
    let (letter, counter) = match kind {
        Kind::Connection => ('C', &CONNECTIONS),
        Kind::Request => ('R', &REQUESTS),
        Kind::Message => ('M', &MESSAGES),
    };
    on().then(|| shaped(letter, counter.fetch_add(1, Ordering::SeqCst) + 1))
}

/// `C0000000000001A=`-like: a letter, 13 digits and `A=`. The `A` makes it canonical base64
/// (11 bytes' worth, the last character's two spare bits zero), as AWS's ids are.
fn shaped(letter: char, n: u64) -> String {
    format!("{letter}{:013}A=", n % 10_000_000_000_000)
}

/// The next Lambda request id, in deterministic mode.
pub fn invocation_id() -> Option<String> {
    on().then(|| {
        format!(
            "00000000-0000-4000-8000-{:012}",
            INVOCATIONS.fetch_add(1, Ordering::SeqCst) + 1
        )
    })
}

/// The random part of an `X-Amzn-Trace-Id` (24 hex digits), in deterministic mode.
pub fn trace() -> Option<String> {
    on().then(|| format!("{:024x}", TRACES.fetch_add(1, Ordering::SeqCst) + 1))
}

/// The fixed clock's time, in deterministic mode.
pub fn now_ms() -> Option<u64> {
    on().then(|| CLOCK.load(Ordering::SeqCst))
}

/// The fixed clock's time, advanced by one second for the event being built.
pub fn tick_ms() -> Option<u64> {
    on().then(|| CLOCK.fetch_add(1000, Ordering::SeqCst) + 1000)
}

#[cfg(test)]
mod tests {
    use base64::Engine;

    use super::*;

    #[test]
    fn counted_ids_are_canonical_aws_shaped_base64() {
        let id = shaped('C', 1);
        assert_eq!(id, "C0000000000001A=");
        assert_eq!(id.len(), 16);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&id)
            .expect("canonical base64");
        assert_eq!(bytes.len(), 11);
    }
}
