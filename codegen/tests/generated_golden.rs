//! `generated/` is the golden output of the library model: every file the generator
//! renders must equal its committed copy (`cargo run` is the update mode), and the output
//! must be the same on every run.

use std::path::Path;

#[test]
fn every_generated_file_matches_its_committed_golden() {
    let files =
        codegen::render_library(&cdk_from_rust_constructs::library()).expect("the model renders");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let mut drift = Vec::new();
    for (rel, content) in &files {
        match std::fs::read_to_string(root.join(rel)) {
            Ok(golden) if golden == *content => {}
            Ok(_) => drift.push(format!("stale   generated/{}", rel.display())),
            Err(_) => drift.push(format!("missing generated/{}", rel.display())),
        }
    }
    assert!(
        drift.is_empty(),
        "run `cargo run` and review the diff:\n{}",
        drift.join("\n")
    );
    let expected = [
        ".gitignore",
        "README.md",
        "package.json",
        "src/access-log.generated.ts",
        "src/api.generated.ts",
        "src/authorizer.generated.ts",
        "src/binding.generated.ts",
        "src/domain.generated.ts",
        "src/function.generated.ts",
        "src/index.ts",
        "src/jwt-authorizer.generated.ts",
        "src/permissions.generated.ts",
        "src/props.generated.ts",
    ];
    let names: Vec<String> = files.keys().map(|p| p.display().to_string()).collect();
    assert_eq!(
        names, expected,
        "one generated file per concept, the index and the package files"
    );
}

#[test]
fn rendering_is_deterministic() {
    let library = cdk_from_rust_constructs::library();
    let first = codegen::render_library(&library).unwrap();
    let second = codegen::render_library(&library).unwrap();
    assert_eq!(first, second);
}

#[test]
fn every_generated_file_names_its_sources_in_a_header() {
    let files = codegen::render_library(&cdk_from_rust_constructs::library()).unwrap();
    for (rel, content) in files {
        let head: String = content.lines().take(2).collect::<Vec<_>>().join("\n");
        assert!(
            head.contains(codegen::view::MARKER),
            "{} has no header",
            rel.display()
        );
        let name = rel.file_name().unwrap().to_string_lossy();
        if let Some(module) = name.strip_suffix(".generated.ts") {
            let model = format!("constructs/src/{}.rs", module.replace('-', "_"));
            assert!(head.contains(&model), "{}: {head}", rel.display());
            assert!(
                head.contains(&format!("hand-written in {module}.ts")),
                "{}: {head}",
                rel.display()
            );
        }
    }
}

#[test]
fn every_optional_prop_has_a_default_tag() {
    let files = codegen::render_library(&cdk_from_rust_constructs::library()).unwrap();
    let index = &files[Path::new("src/index.ts")];
    let exported: Vec<&str> = index
        .lines()
        .filter_map(|l| l.strip_prefix("export { "))
        .flat_map(|l| l.split(" }").next().unwrap().split(", "))
        .collect();
    let mut optional = 0;
    for (rel, content) in files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "ts"))
    {
        let lines: Vec<&str> = content.lines().collect();
        let mut public = false;
        for (i, line) in lines.iter().enumerate() {
            if let Some(rest) = line.strip_prefix("export interface ") {
                public = exported.contains(&rest.split([' ', '<']).next().unwrap());
            }
            let trimmed = line.trim_start();
            if public
                && trimmed.starts_with("readonly ")
                && trimmed.contains("?:")
                && line.starts_with("  readonly")
            {
                optional += 1;
                let doc: Vec<&&str> = lines[..i]
                    .iter()
                    .rev()
                    .take_while(|l| !l.trim().is_empty())
                    .collect();
                assert!(
                    doc.iter().any(|l| l.contains("@default")),
                    "{}:{}: {trimmed} has no @default",
                    rel.display(),
                    i + 1
                );
            }
        }
    }
    assert!(optional > 40, "found only {optional} optional props");
}
