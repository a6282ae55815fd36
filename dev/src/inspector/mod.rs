//! The inspector: what API Gateway cannot show, a way to see and reach a `dev` server's live
//! connections. `dev` serves its HTTP JSON API ([`api`]) on a loopback port of its own;
//! `cdk-from-rust connections ...` ([`client`]) is its command-line client.

pub mod api;
pub mod client;
mod table;
