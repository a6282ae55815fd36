//! The page's files (dev/studio/), embedded: plain ES modules and CSS with no build step and
//! nothing fetched from elsewhere, so the studio works offline and is what the source says.

const FILES: &[(&str, &str, &str)] = &[
    (
        "",
        "text/html; charset=utf-8",
        include_str!("../../studio/index.html"),
    ),
    (
        "studio.css",
        "text/css; charset=utf-8",
        include_str!("../../studio/studio.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../../studio/app.js"),
    ),
    (
        "model.js",
        "text/javascript; charset=utf-8",
        include_str!("../../studio/model.js"),
    ),
    (
        "vlist.js",
        "text/javascript; charset=utf-8",
        include_str!("../../studio/vlist.js"),
    ),
    (
        "detail.js",
        "text/javascript; charset=utf-8",
        include_str!("../../studio/detail.js"),
    ),
    (
        "client.js",
        "text/javascript; charset=utf-8",
        include_str!("../../studio/client.js"),
    ),
];

/// The page shown without the token; `{why}` and `{port}` are filled in.
pub const FORBIDDEN: &str = include_str!("../../studio/forbidden.html");

/// A file by its name under `/studio/` (`""` is the page), with its content type.
pub fn find(name: &str) -> Option<(&'static str, &'static str)> {
    FILES
        .iter()
        .find(|(n, _, _)| *n == name || (name == "index.html" && n.is_empty()))
        .map(|(_, kind, text)| (*kind, *text))
}
