//! `binding.ts`: `bind`, SST's environment variable naming and the `IBindable` opt-in.

use crate::model::ExternalModule::*;
use crate::model::*;

pub fn module() -> Module {
    let mut m = Module::new("binding", file!());
    m.classes = vec![Class {
        name: "IBindable",
        doc: "A construct that functions can `bind`: it names the environment variables and the access a bound function gets. `WebSocketApi` implements it; implement it to make your own constructs bindable.",
    }];
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
        ],
    }];
    m.errors = vec![ErrorMessage::new(
        "unsupportedBinding",
        &["path", "kinds"],
        "Cannot bind \"{path}\": it is not a construct of a supported kind. Supported: {kinds}, WebSocketApi, or any construct that implements IBindable.",
    )];
    m.uses = vec![
        Use::External(Constructs),
        Use::External(Iam),
        Use::External(Lambda),
        Use::Local { module: "permissions", name: "findResourceKind" },
        Use::Local { module: "permissions", name: "RESOURCE_KIND_NAMES" },
        Use::Local { module: "permissions", name: "describe" },
        Use::Local { module: "permissions", name: "allow" },
    ];
    m
}
