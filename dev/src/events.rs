//! The Lambda proxy events API Gateway sends for WebSocket routes and REQUEST authorizers, with
//! every field the reference lists, and ids shaped like AWS's (16 base64 characters ending in
//! `=`, so that handlers that forget to URL-encode an id fail here as they would on AWS).

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use serde_json::{json, Map, Value};

use super::assembly::apis::Api;
use super::deterministic::{self, Kind};

/// An API Gateway-shaped request id: 11 random bytes in base64, hence one `=` of padding (a
/// counted one with `--deterministic`).
pub fn new_id() -> String {
    deterministic::id(Kind::Request).unwrap_or_else(random_id)
}

/// A connection id, shaped as [`new_id`]'s.
pub fn new_connection_id() -> String {
    deterministic::id(Kind::Connection).unwrap_or_else(random_id)
}

fn random_id() -> String {
    base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 11]>())
}

/// The wall clock, for deadlines and timeouts.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// The time events and `@connections` show: the wall clock, or the fixed one of `--deterministic`.
pub fn shown_ms() -> u64 {
    deterministic::now_ms().unwrap_or_else(now_ms)
}

/// What an event says about the connection it belongs to.
#[derive(Debug, Clone)]
pub struct Caller {
    pub connection_id: String,
    pub connected_at: u64,
    pub source_ip: String,
    pub user_agent: Option<String>,
    /// `{ principalId, ...context }` from the authorizer, on every event after `$connect`.
    pub authorizer: Option<Value>,
}

/// The HTTP upgrade request of `$connect`, as the CONNECT and authorizer events show it.
#[derive(Debug, Clone, Default)]
pub struct Upgrade {
    /// Header name (canonical case) -> values, in arrival order.
    pub headers: Vec<(String, Vec<String>)>,
    pub query: Vec<(String, Vec<String>)>,
}

impl Upgrade {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.first())
            .map(String::as_str)
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.first())
            .map(String::as_str)
    }
}

pub struct EventContext<'a> {
    pub api: &'a Api,
    pub domain: &'a str,
    pub caller: &'a Caller,
    pub route_key: &'a str,
    pub request_id: &'a str,
}

impl EventContext<'_> {
    fn request_context(&self, event_type: &str) -> Map<String, Value> {
        let now = deterministic::tick_ms().unwrap_or_else(now_ms);
        let mut context = json!({
            "routeKey": self.route_key,
            "eventType": event_type,
            "extendedRequestId": self.request_id,
            "requestTime": clf_time(now),
            "messageDirection": "IN",
            "stage": self.api.stage,
            "connectedAt": self.caller.connected_at,
            "requestTimeEpoch": now,
            "identity": identity(self.caller),
            "requestId": self.request_id,
            "domainName": self.domain,
            "connectionId": self.caller.connection_id,
            "apiId": self.api.api_id,
        });
        if let Some(authorizer) = &self.caller.authorizer {
            context["authorizer"] = authorizer.clone();
        }
        match context {
            Value::Object(map) => map,
            _ => unreachable!("built as an object"),
        }
    }

    pub fn connect(&self, upgrade: &Upgrade) -> Value {
        let mut event = upgrade_fields(upgrade, false);
        if !self.api.stage_variables.is_empty() {
            event.insert("stageVariables".into(), json!(self.api.stage_variables));
        }
        event.insert(
            "requestContext".into(),
            Value::Object(self.request_context("CONNECT")),
        );
        event.insert("isBase64Encoded".into(), false.into());
        Value::Object(event)
    }

    pub fn message(&self, body: &str) -> Value {
        let mut context = self.request_context("MESSAGE");
        context.insert(
            "messageId".into(),
            deterministic::id(Kind::Message)
                .unwrap_or_else(random_id)
                .into(),
        );
        json!({ "requestContext": context, "body": body, "isBase64Encoded": false })
    }

    pub fn disconnect(&self, status: u16, reason: &str) -> Value {
        let mut context = self.request_context("DISCONNECT");
        context.insert("disconnectStatusCode".into(), status.into());
        context.insert("disconnectReason".into(), reason.into());
        json!({
            "headers": { "Host": self.domain, "x-api-key": "", "X-Forwarded-For": "", "x-restapi": "" },
            "multiValueHeaders": { "Host": [self.domain], "x-api-key": [""], "X-Forwarded-For": [""], "x-restapi": [""] },
            "requestContext": context,
            "isBase64Encoded": false,
        })
    }

    pub fn authorizer(&self, upgrade: &Upgrade) -> Value {
        let mut event = upgrade_fields(upgrade, true);
        let api = self.api;
        event.insert("type".into(), "REQUEST".into());
        event.insert(
            "methodArn".into(),
            format!(
                "arn:aws:execute-api:{}:{}:{}/{}/$connect",
                api.region, api.account, api.api_id, api.stage
            )
            .into(),
        );
        event.insert("stageVariables".into(), json!(api.stage_variables));
        event.insert(
            "requestContext".into(),
            Value::Object(self.request_context("CONNECT")),
        );
        Value::Object(event)
    }
}

/// `identity`: `userAgent` only when the client sent one, as AWS leaves the key out otherwise.
fn identity(caller: &Caller) -> Value {
    let mut identity = json!({ "sourceIp": caller.source_ip });
    if let Some(agent) = &caller.user_agent {
        identity["userAgent"] = agent.as_str().into();
    }
    identity
}

/// The hop-by-hop headers of the upgrade, which only the authorizer's event shows.
const HOP_BY_HOP: [&str; 2] = ["Connection", "Upgrade"];

/// `headers`, `multiValueHeaders` and the query maps. The query keys are left out when the URL
/// has no query string, as AWS does (not `null`); `Connection` and `Upgrade` are in the
/// authorizer's event only.
fn upgrade_fields(upgrade: &Upgrade, hop_by_hop: bool) -> Map<String, Value> {
    let headers: Vec<&(String, Vec<String>)> = upgrade
        .headers
        .iter()
        .filter(|(name, _)| hop_by_hop || !HOP_BY_HOP.iter().any(|h| h.eq_ignore_ascii_case(name)))
        .collect();
    let query: Vec<&(String, Vec<String>)> = upgrade.query.iter().collect();
    let single = |pairs: &[&(String, Vec<String>)]| -> Value {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), v.last().cloned().unwrap_or_default().into()))
                .collect(),
        )
    };
    let multi = |pairs: &[&(String, Vec<String>)]| -> Value {
        Value::Object(pairs.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
    };
    let mut map = Map::new();
    map.insert("headers".into(), single(&headers));
    map.insert("multiValueHeaders".into(), multi(&headers));
    if !query.is_empty() {
        map.insert("queryStringParameters".into(), single(&query));
        map.insert("multiValueQueryStringParameters".into(), multi(&query));
    }
    map
}

/// `20/Jan/2024:11:55:08 +0000`, API Gateway's `requestTime`.
pub fn clf_time(ms: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(ms / 1000);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{d:02}/{}/{y}:{h:02}:{mi:02}:{s:02} +0000",
        MONTHS[(mo - 1) as usize]
    )
}

/// `2024-01-20T11:55:08.000Z`, as the @connections API reports times.
pub fn iso_time(ms: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(ms / 1000);
    format!(
        "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z",
        ms % 1000
    )
}

/// UTC calendar fields of a Unix time (Howard Hinnant's days-to-civil algorithm).
fn civil(secs: u64) -> (i64, u32, u32, u64, u64, u64) {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_aws_shape() {
        let id = new_id();
        assert_eq!(id.len(), 16);
        assert!(id.ends_with('='));
    }

    #[test]
    fn times() {
        assert_eq!(clf_time(1_705_751_708_000), "20/Jan/2024:11:55:08 +0000");
        assert_eq!(iso_time(1_705_751_708_123), "2024-01-20T11:55:08.123Z");
    }
}
