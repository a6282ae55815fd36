//! Who may open the studio: whoever has this run's secret, from the banner's URL
//! (`/?token=…`, as Jupyter does) or from the cookie the page exchanged it for. The cookie is
//! HttpOnly (scripts cannot read it) and SameSite=Strict (no other site's request carries it),
//! named after the port (several `dev` servers on one machine keep their own) and scoped to
//! `/studio` so that a browser does not send it to an API's WebSocket upgrade on another port of
//! 127.0.0.1 (cookies ignore ports), where a handler could log it; an API whose stage is named
//! `studio` would still get it, so upgrades drop it too ([`without_studio_cookies`]).

use hyper::header::COOKIE;
use hyper::HeaderMap;

pub struct Token(String);

impl Token {
    /// 32 random bytes, hex.
    pub fn random() -> Token {
        let bytes: [u8; 32] = rand::random();
        Token(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The secret itself, for the banner line only.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// Compared in constant time: a local process timing answers learns nothing.
    pub fn matches(&self, given: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), given.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
    }

    /// Whether a request carries the secret, in the query (`token=`) or the cookie.
    pub fn admits(&self, headers: &HeaderMap, query: Option<&str>, port: u16) -> bool {
        let name = cookie_name(port);
        let in_query = query_value(query, "token").is_some_and(|t| self.matches(&t));
        let in_cookie = headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(k, v)| k == name && self.matches(v));
        in_query || in_cookie
    }

    /// The `Set-Cookie` value that lets the browser in from now on (for this run).
    pub fn cookie(&self, port: u16) -> String {
        format!(
            "{}={}; HttpOnly; SameSite=Strict; Path=/studio",
            cookie_name(port),
            self.0
        )
    }
}

const COOKIE_PREFIX: &str = "dev-studio-";

fn cookie_name(port: u16) -> String {
    format!("{COOKIE_PREFIX}{port}")
}

/// A `Cookie` header's value without the studio's cookies (of any `dev`), for the events an
/// upgrade gives handlers; `None` when nothing else is left.
pub fn without_studio_cookies(value: &str) -> Option<String> {
    let kept: Vec<&str> = value
        .split(';')
        .map(str::trim)
        .filter(|pair| !pair.is_empty() && !pair.starts_with(COOKIE_PREFIX))
        .collect();
    (!kept.is_empty()).then(|| kept.join("; "))
}

/// One query parameter, percent-decoded.
pub fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let value = pair.strip_prefix(name)?.strip_prefix('=')?;
        Some(
            percent_encoding::percent_decode_str(&value.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upgrades_lose_the_studios_cookies_only() {
        assert_eq!(
            without_studio_cookies("a=1; dev-studio-3000=secret; b=2").as_deref(),
            Some("a=1; b=2")
        );
        assert_eq!(without_studio_cookies("dev-studio-4000=secret"), None);
    }

    #[test]
    fn the_token_admits_in_the_query_or_the_ports_cookie_only() {
        let token = Token::random();
        let secret = token.reveal().to_string();
        assert_eq!(secret.len(), 64);
        let none = HeaderMap::new();
        assert!(token.admits(&none, Some(&format!("a=1&token={secret}")), 3000));
        assert!(!token.admits(&none, Some("token=wrong"), 3000));
        assert!(!token.admits(&none, None, 3000));
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            format!("x=1; dev-studio-3000={secret}").parse().unwrap(),
        );
        assert!(token.admits(&headers, None, 3000));
        assert!(
            !token.admits(&headers, None, 4000),
            "another server's cookie"
        );
        assert!(!token.matches(&secret[..63]));
    }
}
