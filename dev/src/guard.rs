//! Who may drive `dev`'s own HTTP surfaces (the inspector, the studio page, `@connections`):
//! requests that name this loopback server by a loopback name, and never another web page.
//!
//! Listening on 127.0.0.1 is not enough. A page of another origin can still send requests that
//! need no CORS preflight (a `no-cors` POST), and a DNS-rebinding page reaches 127.0.0.1 under a
//! host name of its own: dev servers have had CVEs for both (webpack-dev-server CVE-2025-30359,
//! Vite CVE-2025-24010). `Host` defeats rebinding, `Origin` cross-origin pages. Clients that are
//! not browsers (the SDK, the `connections` command, curl) send no `Origin` and pass.
//!
//! The WebSocket upgrade is not guarded: API Gateway accepts any `Origin` there, and so does
//! `dev`.

use hyper::header::{AUTHORIZATION, HOST, ORIGIN};
use hyper::HeaderMap;

/// Why a request to a surface of this server on `port` is refused, or `None` when it may pass.
pub fn refusal(headers: &HeaderMap, port: u16) -> Option<String> {
    let Some(host) = headers.get(HOST) else {
        return Some("no Host header; call it as 127.0.0.1, localhost or [::1]".into());
    };
    let host = host.to_str().unwrap_or_default();
    if !is_own_host(host, port) {
        return Some(format!(
            "Host {host:?} is not this server; call it as 127.0.0.1:{port}, localhost:{port} or [::1]:{port}"
        ));
    }
    let origin = headers.get(ORIGIN)?;
    let origin = origin.to_str().unwrap_or_default();
    let own = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .is_some_and(|rest| is_own_host(rest, port));
    match own {
        true => None,
        false => Some(format!(
            "Origin {origin:?} is another site's; only pages of this server may call it"
        )),
    }
}

/// `name:port` with a loopback name, or the bare name when the port is the scheme's default.
fn is_own_host(host: &str, port: u16) -> bool {
    let (name, given) = match host.rsplit_once(':') {
        Some((name, p)) if !p.contains(']') => (name, p.parse::<u16>().ok()),
        _ => (host, None),
    };
    let loopback = matches!(
        name.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "localhost" | "[::1]"
    );
    loopback && (given == Some(port) || (given.is_none() && matches!(port, 80 | 443)))
}

/// What API Gateway asks of a caller of `@connections` before it looks at anything else: a
/// SigV4 `Authorization` header or a presigned `X-Amz-Signature` query. The signature itself is
/// not checked (there is no IAM here); its absence is the error AWS gives.
pub fn missing_signature(headers: &HeaderMap, query: Option<&str>) -> bool {
    let signed_header = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("AWS4-HMAC-SHA256"));
    let presigned = query.is_some_and(|q| {
        q.split('&')
            .any(|pair| pair.split('=').next() == Some("X-Amz-Signature"))
    });
    !signed_header && !presigned
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn loopback_names_with_the_servers_port_pass() {
        for host in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST:3000",
            "[::1]:3000",
        ] {
            assert_eq!(refusal(&headers(&[("host", host)]), 3000), None, "{host}");
        }
        let own = headers(&[
            ("host", "localhost:3000"),
            ("origin", "http://localhost:3000"),
        ]);
        assert_eq!(refusal(&own, 3000), None);
    }

    #[test]
    fn foreign_or_wrong_port_hosts_are_refused() {
        for host in [
            "evil.example",
            "evil.example:3000",
            "127.0.0.1:3001",
            "127.0.0.1",
            "127.0.0.2:3000",
            "localhost.evil:3000",
        ] {
            let why = refusal(&headers(&[("host", host)]), 3000).expect(host);
            assert!(why.contains(host), "{why}");
        }
        assert!(refusal(&HeaderMap::new(), 3000).is_some());
    }

    #[test]
    fn another_sites_origin_is_refused() {
        for origin in [
            "http://evil.example",
            "null",
            "http://127.0.0.1:3001",
            "http://localhost:3000.evil.example",
        ] {
            let why = refusal(
                &headers(&[("host", "127.0.0.1:3000"), ("origin", origin)]),
                3000,
            );
            assert!(why.is_some_and(|w| w.contains("Origin")), "{origin}");
        }
    }

    #[test]
    fn default_ports_may_be_left_out() {
        assert_eq!(refusal(&headers(&[("host", "localhost")]), 80), None);
        assert_eq!(
            refusal(
                &headers(&[("host", "localhost"), ("origin", "https://localhost")]),
                443
            ),
            None
        );
    }

    #[test]
    fn connections_callers_must_look_signed() {
        assert!(missing_signature(&HeaderMap::new(), None));
        assert!(missing_signature(
            &headers(&[("authorization", "Bearer x")]),
            None
        ));
        assert!(!missing_signature(
            &headers(&[("authorization", "AWS4-HMAC-SHA256 Credential=a/b")]),
            None
        ));
        assert!(!missing_signature(
            &HeaderMap::new(),
            Some("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab")
        ));
    }
}
