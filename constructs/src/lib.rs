//! The Rust model of `@cdk-from-rust/websocket-api`: every generated type, prop, doc,
//! default, literal set, merge rule, resource kind and error message, as typed values.
//! `codegen` turns [`library()`] into the package under `generated/`.

pub mod model;

mod access_log;
mod api;
mod authorizer;
mod binding;
mod domain;
mod function;
mod jwt_authorizer;
mod package;
mod permissions;
mod props;

/// The library as the generator renders it; modules in file order.
pub fn library() -> model::Library {
    model::Library {
        package: package::package(),
        modules: vec![
            api::module(),
            function::module(),
            permissions::module(),
            binding::module(),
            access_log::module(),
            domain::module(),
            authorizer::module(),
            jwt_authorizer::module(),
            props::module(),
        ],
    }
}
