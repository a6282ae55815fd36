//! `props.ts`: the runtime check of props objects that no type system checks. A struct inside
//! a union (`accessLog: boolean | string | WebSocketApiAccessLogProps`) given from JavaScript,
//! or through `as any`, reaches the library as written, so a misspelt or snake_case key would
//! be ignored. (From Python, jsii itself drops keys the struct does not declare before the
//! library sees them: Python users pass the struct class.)

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
    ];
    m
}
