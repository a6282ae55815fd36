//! Files built into the binary (`build.rs`), so that an installed `cdk-from-rust` runs without
//! a checkout: the templates, the library's sources, the chat example and the pinned npm
//! toolchain.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
