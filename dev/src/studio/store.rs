//! The studio's bus and history. Each record is numbered, stamped and serialized once, sent to
//! every open page (a tokio broadcast channel) and kept for pages opened later, within bounds:
//! at most [`MAX_RECORDS`] records and [`MAX_BYTES`] of them overall (the oldest go first), and
//! at most [`PER_CONNECTION`] per connection (a chatty connection's later records are still
//! shown live, but not kept). Publishing and subscribing take one lock, so a new page's history
//! and its live records neither overlap nor leave a gap.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::sync::broadcast;

pub const MAX_RECORDS: usize = 50_000;
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
pub const PER_CONNECTION: usize = 2_000;
/// Records a slow page may fall behind before it is told it missed some.
const LIVE_CAPACITY: usize = 1_024;

pub struct Store {
    inner: Mutex<Inner>,
    live: broadcast::Sender<Arc<str>>,
}

#[derive(Default)]
struct Inner {
    seq: u64,
    kept: VecDeque<Kept>,
    bytes: usize,
    per_connection: HashMap<String, usize>,
    /// Records not kept because their connection had its share.
    dropped: u64,
}

struct Kept {
    connection: Option<String>,
    text: Arc<str>,
}

/// What a new page gets: the kept records, then the live ones.
pub struct Subscription {
    pub history: Vec<Arc<str>>,
    pub dropped: u64,
    pub live: broadcast::Receiver<Arc<str>>,
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

impl Store {
    pub fn new() -> Store {
        Store {
            inner: Mutex::default(),
            live: broadcast::channel(LIVE_CAPACITY).0,
        }
    }

    pub fn publish(&self, mut record: Value) {
        let connection = record["connectionId"]
            .as_str()
            .filter(|id| !id.is_empty())
            .map(str::to_string);
        let mut inner = self.inner.lock().expect("not poisoned");
        inner.seq += 1;
        record["seq"] = inner.seq.into();
        record["time"] = crate::events::now_ms().into();
        let text: Arc<str> = Arc::from(record.to_string());
        // No page open: nobody to send to, which is fine.
        let _ = self.live.send(text.clone());
        if let Some(id) = &connection {
            let count = inner.per_connection.entry(id.clone()).or_default();
            if *count >= PER_CONNECTION {
                inner.dropped += 1;
                return;
            }
            *count += 1;
        }
        inner.bytes += text.len();
        inner.kept.push_back(Kept { connection, text });
        while inner.kept.len() > MAX_RECORDS || inner.bytes > MAX_BYTES {
            let Some(old) = inner.kept.pop_front() else {
                break;
            };
            inner.bytes -= old.text.len();
            if let Some(id) = old.connection {
                if let Some(count) = inner.per_connection.get_mut(&id) {
                    *count -= 1;
                    if *count == 0 {
                        inner.per_connection.remove(&id);
                    }
                }
            }
        }
    }

    pub fn subscribe(&self) -> Subscription {
        let inner = self.inner.lock().expect("not poisoned");
        Subscription {
            history: inner.kept.iter().map(|k| k.text.clone()).collect(),
            dropped: inner.dropped,
            live: self.live.subscribe(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_gets_the_history_then_the_live_records_numbered() {
        let store = Store::new();
        store.publish(json!({ "type": "open", "connectionId": "A" }));
        let mut sub = store.subscribe();
        store.publish(json!({ "type": "message", "connectionId": "A", "text": "hi" }));
        assert_eq!(sub.history.len(), 1);
        assert!(sub.history[0].contains(r#""seq":1"#));
        let live = sub.live.try_recv().expect("a live record");
        assert!(live.contains(r#""text":"hi""#) && live.contains(r#""seq":2"#));
    }

    #[test]
    fn one_connection_keeps_at_most_its_share() {
        let store = Store::new();
        for i in 0..PER_CONNECTION + 10 {
            store.publish(json!({ "type": "message", "connectionId": "A", "text": i }));
        }
        store.publish(json!({ "type": "message", "connectionId": "B", "text": "b" }));
        let sub = store.subscribe();
        assert_eq!(sub.history.len(), PER_CONNECTION + 1);
        assert_eq!(sub.dropped, 10);
    }
}
