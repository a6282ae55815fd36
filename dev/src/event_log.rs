//! `--event-log FILE`: one JSON line per event delivered to a handler and per frame sent to a
//! client, in the order they happened, so that a test (with `--deterministic`) can compare
//! exact payloads instead of picking fields out of replies:
//!
//! ```text
//! {"type":"event","api":"Plain/Main","route":"echo","function":"Plain/Echo","connectionId":"C…","event":{…}}
//! {"type":"frame","api":"Plain/Main","connectionId":"C…","text":"…"}
//! {"type":"frame","api":"Plain/Main","connectionId":"C…","binary":"<base64>"}
//! {"type":"frame","api":"Plain/Main","connectionId":"C…","close":{"code":1001,"reason":"Going away"}}
//! ```
//!
//! Each line is one write to a file opened for appending, so lines never interleave and a
//! reader sees whole lines while the server runs.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use base64::Engine;
use serde_json::{json, Value};

use super::error::DevError;

pub struct EventLog {
    file: Mutex<File>,
}

/// A frame as the log shows it.
pub enum Frame<'a> {
    Text(&'a str),
    Binary(&'a [u8]),
    Close(u16, &'a str),
}

impl EventLog {
    /// Creates (or empties) the log file.
    pub fn create(path: &Path) -> Result<EventLog, DevError> {
        // Append mode: every write lands at the end, whole.
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| DevError::io(path, e))?;
        file.set_len(0).map_err(|e| DevError::io(path, e))?;
        Ok(EventLog {
            file: Mutex::new(file),
        })
    }

    pub fn event(&self, api: &str, route: &str, function: &str, connection: &str, event: &Value) {
        self.write(json!({ "type": "event", "api": api, "route": route, "function": function, "connectionId": connection, "event": event }));
    }

    pub fn frame(&self, api: &str, connection: &str, frame: Frame<'_>) {
        let mut line = json!({ "type": "frame", "api": api, "connectionId": connection });
        match frame {
            Frame::Text(text) => line["text"] = text.into(),
            Frame::Binary(data) => {
                line["binary"] = base64::engine::general_purpose::STANDARD
                    .encode(data)
                    .into()
            }
            Frame::Close(code, reason) => line["close"] = json!({ "code": code, "reason": reason }),
        }
        self.write(line);
    }

    fn write(&self, line: Value) {
        let text = format!("{line}\n");
        // A log that cannot be written must not stop the server; the test reading it fails instead.
        let _ = self
            .file
            .lock()
            .expect("not poisoned")
            .write_all(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_event_and_frame_in_order_after_emptying_the_file() {
        let path =
            std::env::temp_dir().join(format!("dev-event-log-{}.ndjson", std::process::id()));
        std::fs::write(&path, "left from an earlier run\n").expect("writable temp dir");
        let log = EventLog::create(&path).expect("created");
        log.event(
            "A/Api",
            "echo",
            "A/Fn",
            "C1",
            &json!({ "body": "hi\nthere" }),
        );
        log.frame("A/Api", "C1", Frame::Text("hi"));
        log.frame("A/Api", "C1", Frame::Binary(&[0xff, 0, 1]));
        log.frame("A/Api", "C1", Frame::Close(1001, "Going away"));
        let text = std::fs::read_to_string(&path).expect("readable");
        std::fs::remove_file(&path).expect("removable");
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON value per line"))
            .collect();
        assert_eq!(
            lines,
            [
                json!({ "type": "event", "api": "A/Api", "route": "echo", "function": "A/Fn", "connectionId": "C1", "event": { "body": "hi\nthere" } }),
                json!({ "type": "frame", "api": "A/Api", "connectionId": "C1", "text": "hi" }),
                json!({ "type": "frame", "api": "A/Api", "connectionId": "C1", "binary": "/wAB" }),
                json!({ "type": "frame", "api": "A/Api", "connectionId": "C1", "close": { "code": 1001, "reason": "Going away" } }),
            ]
        );
    }
}
