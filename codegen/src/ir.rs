//! Validation: the library model becomes an [`IrLibrary`], in which every name is unique,
//! every reference resolves and every doc, default and error message is well formed. All
//! problems are collected and reported together.

use std::collections::{BTreeMap, BTreeSet};

use cdk_from_rust_constructs::model::*;

use crate::error::{CodegenError, ModelIssue};

/// What a library-level name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalKind {
    Struct,
    Class,
    LiteralSet,
}

/// Where a library-level name is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalDecl<'a> {
    pub module: &'a str,
    pub kind: LocalKind,
}

/// A model that passed validation, with its name table.
#[derive(Debug)]
pub struct IrLibrary<'a> {
    pub package: &'a Package,
    pub modules: &'a [Module],
    pub locals: BTreeMap<&'a str, LocalDecl<'a>>,
}

impl<'a> IrLibrary<'a> {
    pub fn literal_set(&self, name: &str) -> Option<&'a LiteralSet> {
        self.modules
            .iter()
            .flat_map(|m| &m.literal_sets)
            .find(|s| s.name == name)
    }
}

struct Issues(Vec<ModelIssue>);

impl Issues {
    fn add(&mut self, file: &str, path: String, value: impl Into<String>, expected: &str) {
        self.0.push(ModelIssue {
            file: file.to_string(),
            path,
            value: value.into(),
            expected: expected.into(),
        });
    }
}

pub fn validate(library: &Library) -> Result<IrLibrary<'_>, CodegenError> {
    let mut issues = Issues(Vec::new());
    let locals = declare_locals(library, &mut issues);
    check_package(&library.package, &mut issues);
    for module in &library.modules {
        check_module(module, &locals, &mut issues);
    }
    if issues.0.is_empty() {
        Ok(IrLibrary {
            package: &library.package,
            modules: &library.modules,
            locals,
        })
    } else {
        Err(CodegenError::InvalidModel(issues.0))
    }
}

fn declare_locals<'a>(
    library: &'a Library,
    issues: &mut Issues,
) -> BTreeMap<&'a str, LocalDecl<'a>> {
    let mut locals = BTreeMap::new();
    let mut modules = BTreeSet::new();
    for m in &library.modules {
        if !modules.insert(m.name) {
            issues.add(
                m.source,
                m.name.to_string(),
                m.name,
                "a module name used once",
            );
        }
        if !is_file_name(m.name) {
            issues.add(
                m.source,
                m.name.to_string(),
                m.name,
                "a lowercase file name such as \"access-log\"",
            );
        }
        let names = m
            .structs
            .iter()
            .map(|s| (s.name, LocalKind::Struct))
            .chain(m.classes.iter().map(|c| (c.name, LocalKind::Class)))
            .chain(
                m.literal_sets
                    .iter()
                    .map(|l| (l.name, LocalKind::LiteralSet)),
            );
        for (name, kind) in names {
            if locals
                .insert(
                    name,
                    LocalDecl {
                        module: m.name,
                        kind,
                    },
                )
                .is_some()
            {
                issues.add(
                    m.source,
                    format!("{}.{name}", m.name),
                    name,
                    "a type name declared once in the library",
                );
            }
            if !is_pascal(name) {
                issues.add(
                    m.source,
                    format!("{}.{name}", m.name),
                    name,
                    "a PascalCase type name",
                );
            }
        }
    }
    locals
}

fn check_package(p: &Package, issues: &mut Issues) {
    const FILE: &str = "constructs/src/package.rs";
    for dep in p.peer_dependencies.iter().chain(&p.bundled_dependencies) {
        if dep.version.is_empty() {
            issues.add(
                FILE,
                format!("package.dependencies.{}", dep.name),
                "\"\"",
                "a version range",
            );
        }
    }
    for dep in &p.dev_dependencies {
        if !dep.version.chars().all(|c| c.is_ascii_digit() || c == '.') {
            issues.add(
                FILE,
                format!("package.devDependencies.{}", dep.name),
                dep.version,
                "an exact version (the toolchain is pinned)",
            );
        }
    }
}

fn check_module(m: &Module, locals: &BTreeMap<&str, LocalDecl>, issues: &mut Issues) {
    let file = m.source;
    for s in &m.structs {
        if s.doc.trim().is_empty() {
            issues.add(
                file,
                format!("{}.{}", m.name, s.name),
                "an empty doc",
                "a doc sentence",
            );
        }
        if s.name.starts_with('I')
            && s.name
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_ascii_uppercase())
        {
            issues.add(
                file,
                format!("{}.{}", m.name, s.name),
                s.name,
                "a struct name without the I prefix jsii reserves for interfaces",
            );
        }
        let mut seen = BTreeSet::new();
        for f in &s.fields {
            let path = format!("{}.{}.{}", m.name, s.name, f.name);
            if !seen.insert(f.name) {
                issues.add(
                    file,
                    path.clone(),
                    f.name,
                    "a field name used once per struct",
                );
            }
            if !is_camel(f.name) {
                issues.add(file, path.clone(), f.name, "a camelCase field name");
            }
            if f.doc.trim().is_empty() {
                issues.add(file, path.clone(), "an empty doc", "a doc sentence");
            }
            if let Presence::Optional { default } = f.presence {
                if default.trim().is_empty() {
                    issues.add(
                        file,
                        path.clone(),
                        "an empty @default",
                        "a default value or \"- what happens without it\"",
                    );
                }
            }
            check_ty(&f.ty, &path, file, locals, issues);
            check_companion(s, f, &path, file, locals, issues);
            if f.presence == Presence::OrCompanion && s.companions_of(f.name).next().is_none() {
                issues.add(
                    file,
                    path.clone(),
                    "required or a companion",
                    "a union prop with a companion",
                );
            }
        }
    }
    for a in &m.aliases {
        check_ty(
            &a.ty,
            &format!("{}.{}", m.name, a.name),
            file,
            locals,
            issues,
        );
    }
    let mut error_ids = BTreeSet::new();
    let errors = m
        .errors
        .iter()
        .map(|e| (e, false))
        .chain(m.literal_sets.iter().map(|l| (&l.error, true)));
    for (e, of_literal_set) in errors {
        let path = format!("{}.errors.{}", m.name, e.id);
        if !error_ids.insert(e.id) {
            issues.add(file, path.clone(), e.id, "an error id used once per module");
        }
        if !is_camel(e.id) {
            issues.add(file, path.clone(), e.id, "a camelCase error id");
        }
        check_placeholders(e, of_literal_set, &path, file, issues);
    }
    for set in &m.literal_sets {
        let path = format!("{}.{}", m.name, set.name);
        if set.values.is_empty() {
            issues.add(file, path.clone(), "no values", "at least one value");
        }
        let mut seen = BTreeSet::new();
        for v in &set.values {
            if !seen.insert(v.value) {
                issues.add(
                    file,
                    format!("{path}.{}", v.value),
                    v.value,
                    "a value listed once",
                );
            }
            if v.cdk.is_some() != set.target.is_some() {
                issues.add(
                    file,
                    format!("{path}.{}", v.value),
                    format!("{:?}", v.cdk),
                    "a CDK expression exactly when the set has a target type",
                );
            }
        }
        if set.error.params != ["value"] {
            issues.add(
                file,
                format!("{path}.error"),
                format!("{:?}", set.error.params),
                "the single parameter \"value\"",
            );
        }
    }
    for check in &m.checks {
        let path = format!("{}.checks.{}", m.name, check.name);
        if !is_camel(check.name) {
            issues.add(file, path.clone(), check.name, "a camelCase check name");
        }
        if let Err(e) = regex::Regex::new(check.pattern) {
            issues.add(
                file,
                path.clone(),
                check.pattern,
                &format!("a regular expression ({e})"),
            );
        }
        if !m.errors.iter().any(|e| e.id == check.error) {
            issues.add(
                file,
                path,
                check.error,
                "the id of an error of the same module",
            );
        }
    }
    for merge in &m.merges {
        check_merge(m, merge, issues);
    }
    for kind in &m.resource_kinds {
        let path = format!("{}.resourceKinds.{}", m.name, kind.name);
        if kind.actions.is_empty() || kind.resources.iter().any(|r| !r.contains("{arn}")) {
            issues.add(
                file,
                path,
                format!("{:?} on {:?}", kind.actions, kind.resources),
                "at least one action, and resources scoped to {arn}",
            );
        }
    }
}

fn check_ty(
    ty: &Ty,
    path: &str,
    file: &str,
    locals: &BTreeMap<&str, LocalDecl>,
    issues: &mut Issues,
) {
    match ty {
        Ty::String | Ty::Number | Ty::Boolean | Ty::External(_) => {}
        Ty::Literal(name) => {
            if locals.get(name).map(|d| d.kind) != Some(LocalKind::LiteralSet) {
                issues.add(
                    file,
                    path.to_string(),
                    *name,
                    "the name of a literal set of the library",
                );
            }
        }
        Ty::Local(name) => match locals.get(name).map(|d| d.kind) {
            Some(LocalKind::Struct | LocalKind::Class) => {}
            _ => issues.add(
                file,
                path.to_string(),
                *name,
                "the name of a struct or class of the library",
            ),
        },
        Ty::Array(inner) | Ty::Map(inner) => check_ty(inner, path, file, locals, issues),
        Ty::Union(members) => {
            if members.len() < 2 {
                issues.add(
                    file,
                    path.to_string(),
                    format!("{members:?}"),
                    "a union of two or more types",
                );
            }
            for member in members {
                check_ty(member, path, file, locals, issues);
            }
        }
    }
}

/// A companion is optional and takes one struct of an optional union prop of the same struct.
fn check_companion(
    s: &Struct,
    f: &Field,
    path: &str,
    file: &str,
    locals: &BTreeMap<&str, LocalDecl>,
    issues: &mut Issues,
) {
    let Some(of) = f.companion_of else { return };
    let union = s
        .fields
        .iter()
        .find(|u| u.name == of && u.companion_of.is_none());
    let fits = match (union, &f.ty) {
        // A CDK type is taken for a props struct: the model does not know its kind.
        (Some(union), Ty::Local(_) | Ty::External(_)) => {
            matches!(&union.ty, Ty::Union(members) if members.contains(&f.ty))
                && !matches!(&f.ty, Ty::Local(name) if locals.get(name).map(|d| d.kind) != Some(LocalKind::Struct))
                && union.presence != Presence::Required
                && f.presence != Presence::Required
        }
        _ => false,
    };
    if !fits {
        issues.add(
            file,
            path.to_string(),
            format!("a companion of {of}"),
            "an optional struct member of an optional union prop of the same struct",
        );
    }
}

/// `{name}` placeholders must be exactly the parameters (plus `{accepted}` for the error
/// of a literal set), so that no message prints a raw brace or drops a value.
fn check_placeholders(
    e: &ErrorMessage,
    of_literal_set: bool,
    path: &str,
    file: &str,
    issues: &mut Issues,
) {
    let used: BTreeSet<&str> = placeholders(e.text).into_iter().collect();
    let mut allowed: BTreeSet<&str> = e.params.iter().copied().collect();
    if of_literal_set {
        allowed.insert("accepted");
    }
    for name in used.difference(&allowed) {
        issues.add(
            file,
            path.to_string(),
            format!("{{{name}}}"),
            "a placeholder that names a parameter",
        );
    }
    for name in e.params.iter().filter(|p| !used.contains(*p)) {
        issues.add(
            file,
            path.to_string(),
            format!("parameter {name} unused"),
            "every parameter to appear in the text",
        );
    }
}

/// The `{name}` placeholders of a message, in order.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) if is_camel(&after[..end]) => {
                out.push(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

fn check_merge(m: &Module, merge: &Merge, issues: &mut Issues) {
    let path = format!("{}.merges.{}", m.name, merge.function);
    let Some(target) = m.structs.iter().find(|s| s.name == merge.of) else {
        issues.add(m.source, path, merge.of, "a struct of the same module");
        return;
    };
    let ruled: Vec<&str> = merge.rules.iter().map(|(f, _)| *f).collect();
    for field in &target.fields {
        if ruled.iter().filter(|f| **f == field.name).count() != 1 {
            issues.add(
                m.source,
                format!("{path}.{}", field.name),
                "no rule or several",
                "exactly one merge rule per field",
            );
        }
    }
    for (name, rule) in &merge.rules {
        let Some(field) = target.fields.iter().find(|f| f.name == *name) else {
            issues.add(
                m.source,
                format!("{path}.{name}"),
                *name,
                "a field of the merged struct",
            );
            continue;
        };
        let fits = match rule {
            MergeRule::RouteWins => true,
            MergeRule::MergeMaps => matches!(field.ty, Ty::Map(_)),
            MergeRule::Concat => matches!(field.ty, Ty::Array(_)),
            MergeRule::ConcatPermissions => {
                matches!(&field.ty, Ty::Union(ms) if ms.contains(&Ty::String) && ms.iter().any(|t| matches!(t, Ty::Array(_))))
            }
        };
        if !fits {
            issues.add(
                m.source,
                format!("{path}.{name}"),
                format!("{rule:?} on {:?}", field.ty),
                "a rule that fits the field's type",
            );
        }
    }
}

pub fn is_camel(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

fn is_pascal(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

fn is_file_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues_of(library: &Library) -> Vec<ModelIssue> {
        match validate(library) {
            Err(CodegenError::InvalidModel(issues)) => issues,
            Err(other) => panic!("unexpected error {other}"),
            Ok(_) => Vec::new(),
        }
    }

    #[test]
    fn the_library_model_is_valid() {
        let library = cdk_from_rust_constructs::library();
        assert_eq!(issues_of(&library), Vec::new());
    }

    #[test]
    fn an_optional_field_without_a_default_is_rejected_with_its_path() {
        let mut library = cdk_from_rust_constructs::library();
        let api = library
            .modules
            .iter_mut()
            .find(|m| m.name == "api")
            .unwrap();
        api.structs[0].fields[0].presence = Presence::Optional { default: " " };
        let issues = issues_of(&library);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].path, "api.WebSocketApiProps.routes");
        assert_eq!(issues[0].file, "constructs/src/api.rs");
        assert!(
            issues[0].to_string().contains("an empty @default"),
            "{}",
            issues[0]
        );
    }

    #[test]
    fn unknown_types_and_placeholders_are_all_reported_together() {
        let mut library = cdk_from_rust_constructs::library();
        let api = library
            .modules
            .iter_mut()
            .find(|m| m.name == "api")
            .unwrap();
        api.structs[0].fields[0].ty = Ty::Local("NoSuchType");
        api.errors[0].text = "A route already exists for \"{route}\"";
        let issues = issues_of(&library);
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "api.WebSocketApiProps.routes",
                "api.errors.duplicateRoute",
                "api.errors.duplicateRoute"
            ]
        );
        assert_eq!(issues[1].value, "{route}");
        assert_eq!(issues[2].value, "parameter key unused");
    }

    #[test]
    fn a_merge_must_rule_every_field_once_with_a_fitting_rule() {
        let mut library = cdk_from_rust_constructs::library();
        let function = library
            .modules
            .iter_mut()
            .find(|m| m.name == "function")
            .unwrap();
        let rules = &mut function.merges[0].rules;
        rules.retain(|(f, _)| *f != "timeout");
        rules
            .iter_mut()
            .find(|(f, _)| *f == "environment")
            .unwrap()
            .1 = MergeRule::Concat;
        let issues = issues_of(&library);
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "function.merges.mergeFunctionProps.timeout",
                "function.merges.mergeFunctionProps.environment"
            ]
        );
    }

    #[test]
    fn duplicate_literal_values_and_type_names_are_rejected() {
        let mut library = cdk_from_rust_constructs::library();
        let function = library
            .modules
            .iter_mut()
            .find(|m| m.name == "function")
            .unwrap();
        let first = function.literal_sets[0].values[0].clone();
        function.literal_sets[0].values.push(first);
        function.structs[0].name = "WebSocketApiProps";
        let paths: Vec<String> = issues_of(&library).into_iter().map(|i| i.path).collect();
        assert!(
            paths.contains(&"function.WebSocketApiProps".to_string()),
            "{paths:?}"
        );
        assert!(
            paths.contains(&"function.Runtime.nodejs22.x".to_string()),
            "{paths:?}"
        );
    }

    #[test]
    fn a_companion_must_take_a_struct_of_its_union() {
        let mut library = cdk_from_rust_constructs::library();
        let api = library
            .modules
            .iter_mut()
            .find(|m| m.name == "api")
            .unwrap();
        let settings = api.structs[0]
            .fields
            .iter_mut()
            .find(|f| f.name == "accessLogSettings")
            .unwrap();
        settings.ty = Ty::Local("WebSocketApiDomainProps");
        let issues = issues_of(&library);
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].path, "api.WebSocketApiProps.accessLogSettings");
    }

    #[test]
    fn a_prop_required_or_companion_must_have_a_companion() {
        let mut library = cdk_from_rust_constructs::library();
        let api = library
            .modules
            .iter_mut()
            .find(|m| m.name == "api")
            .unwrap();
        let route = api
            .structs
            .iter_mut()
            .find(|s| s.name == "WebSocketApiFunctionRouteProps")
            .unwrap();
        route.fields.retain(|f| f.name != "functionProps");
        let issues = issues_of(&library);
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(
            issues[0].path,
            "api.WebSocketApiFunctionRouteProps.function"
        );
    }

    #[test]
    fn placeholders_are_found_in_order_and_json_braces_are_not() {
        assert_eq!(placeholders("a {one} b {two} {\"x\":1}"), ["one", "two"]);
    }
}
