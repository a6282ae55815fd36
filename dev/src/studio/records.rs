//! The records the server and the Lambda pools publish where things happen, one function per
//! kind, so that each hook in their code is one line. Each names its API and connection, so the
//! page can file it into that connection's timeline; log chunks name the invocation's request id,
//! which the `start` record ties to a connection.

use serde_json::{json, Value};

use super::{bounded, bounded_text, emit};
use crate::assembly::functions::Function;
use crate::event_log::Frame;
use crate::lambda::{Invoked, Tag};
use crate::server::{ApiState, Connection};

/// A connection is live (after the upgrade): who it is, as `@connections` GET tells.
pub fn opened(state: &ApiState, connection: &Connection) {
    let caller = &connection.caller;
    emit(json!({
        "type": "open",
        "api": state.api.path,
        "connectionId": caller.connection_id,
        "connectedAt": caller.connected_at,
        "sourceIp": caller.source_ip,
        "userAgent": caller.user_agent,
        "authorizer": caller.authorizer,
    }));
}

/// A message from the client.
pub fn message(api: &str, connection: &str, text: &str) {
    emit(
        json!({ "type": "message", "api": api, "connectionId": connection, "text": bounded_text(text) }),
    );
}

/// A frame that reached the client's socket.
pub fn frame(api: &str, connection: &str, frame: &Frame<'_>) {
    let mut record = json!({ "type": "frame", "api": api, "connectionId": connection });
    match frame {
        Frame::Text(text) => record["text"] = bounded_text(text),
        Frame::Binary(data) => record["binaryBytes"] = data.len().into(),
        Frame::Close(code, reason) => record["close"] = json!({ "code": code, "reason": reason }),
    }
    emit(record);
}

/// The connection is gone, with the code and reason `$disconnect` reports.
pub fn closed(api: &str, connection: &str, code: u16, reason: &str) {
    emit(
        json!({ "type": "close", "api": api, "connectionId": connection, "code": code, "reason": reason }),
    );
}

/// An invocation starts (Lambda's START line): the event as the handler gets it.
pub fn started(function: &Function, id: &str, tag: Tag<'_>, event: &Value, cold: bool) {
    super::refusals::note_connection(tag);
    emit(json!({
        "type": "start",
        "api": tag.api,
        "route": tag.route,
        "connectionId": tag.connection,
        "function": function.path,
        "name": function.name,
        "runtime": function.runtime,
        "requestId": id,
        "cold": cold,
        "event": bounded(event),
    }));
}

/// What an invocation's END and REPORT lines say.
pub struct Ended<'a> {
    pub id: &'a str,
    pub ms: f64,
    /// dev's line on why it failed, if it did.
    pub reason: &'a str,
    /// Idle warm environments of the function afterwards.
    pub warm: usize,
}

/// An invocation ended (END and REPORT): its result or error.
pub fn ended(function: &Function, tag: Tag<'_>, invoked: &Invoked, ended: Ended<'_>) {
    let mut record = json!({
        "type": "end",
        "api": tag.api,
        "route": tag.route,
        "connectionId": tag.connection,
        "function": function.path,
        "name": function.name,
        "requestId": ended.id,
        "durationMs": (ended.ms * 100.0).round() / 100.0,
        "billedMs": ended.ms.ceil() as u64,
        "memoryMb": function.memory_mb,
        "warm": ended.warm,
    });
    if !ended.reason.is_empty() {
        record["reason"] = ended.reason.into();
    }
    if let (Value::Object(record), Value::Object(outcome)) = (&mut record, invoked.describe()) {
        record.extend(outcome);
    }
    emit(record);
}

/// A chunk of a handler's output (stdout or stderr), as read from its pipe.
pub fn log(name: &str, request: &str, text: &str) {
    emit(json!({ "type": "log", "name": name, "requestId": request, "text": bounded_text(text) }));
}
