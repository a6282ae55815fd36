//! The studio: `dev` in the browser. A page on the inspector's port ([`http`]) that shows the
//! served APIs, their live and closed connections and each one's timeline (upgrade, messages in,
//! frames out, Lambda events and results, the handler's log lines, the close), live over
//! server-sent events, and drives them (send, broadcast, close, replay an event, a test client
//! whose upgrade headers [`proxy`] sets).
//!
//! What happens is published as JSON records on one in-process bus ([`store`]): the server and
//! the Lambda pools call [`emit`] where things happen, the store keeps a bounded history for pages
//! opened later, and every open page gets the live ones. The page is opened with a per-run
//! secret ([`auth`]) printed once in the banner.

mod assets;
pub mod auth;
pub mod http;
mod proxy;
pub mod records;
pub mod refusals;
pub mod store;

use std::sync::{Arc, OnceLock};

use serde_json::{json, Value};

use crate::lambda::Invoked;
use store::Store;

static STORE: OnceLock<Arc<Store>> = OnceLock::new();

/// The run's store, created on first use.
pub fn store() -> Arc<Store> {
    STORE.get_or_init(|| Arc::new(Store::new())).clone()
}

/// Publishes one record (`{"type": ..., ...}`): kept in the history and sent to every open page.
/// Before the studio is set up (unit tests, failures before serving) it is dropped.
pub fn emit(record: Value) {
    if let Some(store) = STORE.get() {
        store.publish(record);
    }
}

/// Records carry at most this much of one event, result or log chunk; more is cut (and said).
const MAX_VALUE_BYTES: usize = 256 * 1024;

/// A JSON value as a record carries it: whole, or its text cut to [`MAX_VALUE_BYTES`]. Its size
/// is counted as it would be written, without building the text, which values under the limit
/// (nearly all) never need.
pub fn bounded(value: &Value) -> Value {
    if serde_json::to_writer(Counter(0), value).is_ok() {
        return value.clone();
    }
    bounded_text(&value.to_string())
}

/// A text as a record carries it (a message, a frame, a log chunk): whole, or cut.
pub fn bounded_text(text: &str) -> Value {
    if text.len() <= MAX_VALUE_BYTES {
        return text.into();
    }
    let mut end = MAX_VALUE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    json!({ "truncated": text.len(), "start": &text[..end] })
}

/// Counts what is written and fails past [`MAX_VALUE_BYTES`], which stops the writing early.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        match self.0 > MAX_VALUE_BYTES {
            true => Err(std::io::Error::other("over the record limit")),
            false => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Invoked {
    /// How an invocation ended, as the studio shows it.
    pub fn describe(&self) -> Value {
        match self {
            Invoked::Ok(result) => json!({ "outcome": "ok", "result": bounded(result) }),
            Invoked::Failed(error) => json!({ "outcome": "error", "error": bounded(error) }),
            Invoked::FunctionTimeout => json!({ "outcome": "function timeout" }),
            Invoked::IntegrationTimeout => json!({ "outcome": "integration timeout" }),
            Invoked::Crashed(reason) => json!({ "outcome": "crashed", "reason": reason }),
        }
    }
}

/// What the page needs to know of the run besides its records.
pub struct Studio {
    pub token: auth::Token,
    pub store: Arc<Store>,
}

impl Studio {
    pub fn new() -> Arc<Studio> {
        Arc::new(Studio {
            token: auth::Token::random(),
            store: store(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_over_the_limit_are_cut_and_say_how_long_they_were() {
        let small = json!({ "body": "hi" });
        assert_eq!(bounded(&small), small);
        let big = json!({ "body": "x".repeat(MAX_VALUE_BYTES) });
        let cut = bounded(&big);
        assert_eq!(cut["truncated"], big.to_string().len());
        assert_eq!(cut["start"].as_str().map(str::len), Some(MAX_VALUE_BYTES));
        assert_eq!(bounded_text("hi"), json!("hi"));
    }
}
