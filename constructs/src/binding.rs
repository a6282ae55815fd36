//! `binding.ts`: `bind`, SST's environment variable naming and the `IBindable` opt-in.

use crate::model::ExternalModule::*;
use crate::model::*;

pub fn module() -> Module {
    let mut m = Module::new("binding", file!());
    m.classes = vec![Class { name: "IBindable" }];
    m.structs = vec![Struct {
        name: "FunctionBinding",
        doc: "What binding a construct gives a function.",
        fields: vec![
            Field::required(
                "type",
                Ty::String,
                "SST's type name, the `{Type}` of `SST_{Type}_{prop}_{id}`, for example `\"Bucket\"`.",
            ),
            Field::required(
                "variables",
                Ty::map(Ty::String),
                "Values by prop name, the `{prop}` of `SST_{Type}_{prop}_{id}`.",
            ),
            Field::required(
                "permissions",
                Ty::array(Ty::ext(Iam, "PolicyStatement")),
                "Statements added to the bound function's role.",
            ),
            Field::optional(
                "id",
                Ty::String,
                "- the construct's node id",
                "The `{id}` of `SST_{Type}_{prop}_{id}` (`-` becomes `_`): SST uses the id the construct was created with, which can differ from its node id.",
            ),
        ],
    }];
    m.errors = vec![
        ErrorMessage::new(
            "unsupportedBinding",
            &["value", "kinds"],
            "Cannot bind {value}: it is not a construct of a supported kind. Supported: {kinds}, WebSocketApi, or any construct that implements IBindable.",
        ),
        // SST only replaces `-`; any other character would fail the deployment instead.
        ErrorMessage::new(
            "invalidVariableName",
            &["value", "name"],
            "Cannot bind {value}: \"{name}\" is not a valid Lambda environment variable name. Variables are named SST_<Type>_<prop>_<id> with \"-\" in the id as \"_\"; use letters, digits, \"-\" and \"_\" in the construct's id.",
        ),
    ];
    m
}
