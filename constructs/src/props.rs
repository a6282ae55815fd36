//! `props.ts`: the runtime checks of props objects that no type system checks. A struct inside
//! a union (`accessLog: boolean | string | WebSocketApiAccessLogProps`) given from JavaScript,
//! or through `as any`, reaches the library as written, so a misspelt or snake_case key would
//! be ignored. From Python, jsii drops the keys such a struct does not declare before the
//! library sees them, and a dict cannot be told from the struct class: union props that take
//! structs have struct-only companions (`Field::companion`), which this module resolves.

use crate::model::*;

pub fn module() -> Module {
    let mut m = Module::new("props", file!());
    m.errors = vec![
        ErrorMessage::new("unknownProp", &["key", "path", "accepted"], "Unknown prop \"{key}\" in {path}. Accepted: {accepted}."),
        ErrorMessage::new(
            "snakeCaseProp",
            &["key", "path", "camel"],
            "Unknown prop \"{key}\" in {path}: did you mean \"{camel}\"? Props are camelCase.",
        ),
        ErrorMessage::new(
            "unionWithCompanion",
            &["construct", "union", "companion"],
            "{construct}: \"{union}\" and \"{companion}\" are both set, and \"{companion}\" is \"{union}\" given as a struct. Set one of them.",
        ),
        ErrorMessage::new(
            "companionsTogether",
            &["construct", "first", "second", "union"],
            "{construct}: \"{first}\" and \"{second}\" are both set, and each is a form of \"{union}\", which takes one. Set one of them.",
        ),
        ErrorMessage::new(
            "pythonObjectInUnion",
            &["construct", "union", "structs", "fix", "forms"],
            "{construct}: \"{union}\" got a dict or struct, which jsii cannot pass through this union from Python: in a union it cannot tell a dict from a struct class ({structs}), and drops a dict's snake_case keys before the library sees them. Pass it as {fix} (a struct class, or a dict with snake_case keys); \"{union}\" takes {forms}.",
        ),
    ];
    m
}
