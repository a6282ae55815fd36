//! The view of one `src/{module}.generated.ts`: what the model determines about a concept,
//! as declarations and data that the hand-written `src/{module}.ts` imports. Props
//! interfaces with their docs and `@default`s, the literal defaults as a constant, constants,
//! error messages, literal sets with their runtime checks, merge rules, resource kinds, and the
//! known keys of structs that a union accepts. No behaviour.

use std::collections::BTreeSet;

use cdk_from_rust_constructs::model::*;
use serde::Serialize;

use super::companions::{companion_doc, companions_view, CompanionsView};
use super::ts::{alias, imports, ts_type};
use super::{doc_block, json, screaming, MARKER};
use crate::ir::{placeholders, IrLibrary, LocalKind};

#[derive(Debug, Serialize)]
pub struct ModuleView {
    pub name: String,
    pub header: String,
    pub imports: Vec<String>,
    pub constants: Vec<ConstantView>,
    pub checks: Vec<ConstantView>,
    pub defaults: Vec<DefaultsView>,
    /// This module's aliases, declared for the library's code.
    pub aliases: Vec<(String, String)>,
    pub structs: Vec<StructView>,
    pub errors: Vec<ErrorView>,
    pub literal_sets: Vec<LiteralSetView>,
    pub merges: Vec<MergeView>,
    pub resource_kinds: Vec<ResourceKindView>,
    /// The kinds' names as one string, for messages; set when the module has kinds.
    pub resource_kind_names: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ConstantView {
    pub doc: String,
    pub name: String,
    pub value: String,
}

/// The defaults of a struct that are literals (`10`, `"nodejs22.x"`), so that the code
/// applies the very value the docs promise.
#[derive(Debug, Serialize)]
pub struct DefaultsView {
    pub name: String,
    pub of: String,
    pub entries: Vec<(String, String)>,
}

#[derive(Debug, Serialize)]
pub struct StructView {
    pub doc: String,
    pub name: String,
    pub fields: Vec<FieldView>,
    /// Set for structs that a union accepts: such values reach the library unchecked from
    /// JavaScript, so the code checks their keys against this list.
    pub keys: Option<KeysView>,
    /// Set for structs with struct-only companions of union props.
    pub companions: Option<CompanionsView>,
}

#[derive(Debug, Serialize)]
pub struct KeysView {
    pub name: String,
    pub keys: String,
}

#[derive(Debug, Serialize)]
pub struct FieldView {
    pub doc: String,
    pub name: String,
    pub optional: bool,
    pub ty: String,
}

#[derive(Debug, Serialize)]
pub struct ErrorView {
    pub id: String,
    pub params: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct LiteralSetView {
    pub name: String,
    pub values_const: String,
    pub check_fn: String,
    pub error_id: String,
    /// `lambda.Runtime` for sets that map to a CDK value; empty for check-only sets.
    pub target: String,
    pub entries: Vec<LiteralEntry>,
}

#[derive(Debug, Serialize)]
pub struct LiteralEntry {
    pub value: String,
    pub cdk: String,
}

#[derive(Debug, Serialize)]
pub struct MergeView {
    pub name: String,
    pub of: String,
    pub entries: Vec<(String, String)>,
}

#[derive(Debug, Serialize)]
pub struct ResourceKindView {
    pub name: String,
    pub marker: String,
    pub arn: String,
    pub actions: String,
    pub resources: String,
    pub variables: String,
}

pub fn module_view(ir: &IrLibrary, m: &Module) -> ModuleView {
    let mut errors: Vec<ErrorView> = m.errors.iter().map(|e| error_view(e, None)).collect();
    errors.extend(m.literal_sets.iter().map(|s| {
        let accepted = s
            .values
            .iter()
            .map(|v| v.value)
            .collect::<Vec<_>>()
            .join(", ");
        error_view(&s.error, Some(&accepted))
    }));
    let in_unions = union_members(ir);
    ModuleView {
        name: m.name.to_string(),
        header: format!(
            "// {MARKER} from {}: what the model determines about this concept.\n// Do not edit: change the model and run `cargo run`. Its behaviour is hand-written in {}.ts.",
            m.source, m.name
        ),
        imports: imports(ir, m),
        constants: m.constants.iter().map(constant_view).collect(),
        checks: m
            .checks
            .iter()
            .map(|c| ConstantView {
                doc: doc_block(&format!("{} Otherwise `ERRORS.{}`.", c.doc, c.error), None, ""),
                name: format!("{}_PATTERN", screaming(c.name)),
                value: format!("new RegExp({})", json(c.pattern)),
            })
            .collect(),
        defaults: m.structs.iter().filter_map(defaults_view).collect(),
        aliases: m.aliases.iter().map(|a| (a.name.to_string(), ts_type(&a.ty))).collect(),
        structs: m.structs.iter().map(|s| struct_view(ir, s, in_unions.contains(s.name))).collect(),
        errors,
        literal_sets: m.literal_sets.iter().map(literal_set_view).collect(),
        merges: m.merges.iter().map(merge_view).collect(),
        resource_kinds: m.resource_kinds.iter().map(resource_kind_view).collect(),
        resource_kind_names: (!m.resource_kinds.is_empty())
            .then(|| json(m.resource_kinds.iter().map(|k| k.name).collect::<Vec<_>>().join(", "))),
    }
}

fn constant_view(c: &Constant) -> ConstantView {
    ConstantView {
        doc: doc_block(c.doc, None, ""),
        name: c.name.to_string(),
        value: match c.value {
            ConstantValue::Text(text) => json(text),
            ConstantValue::Number(n) => n.to_string(),
        },
    }
}

fn defaults_view(s: &Struct) -> Option<DefaultsView> {
    let entries: Vec<(String, String)> = s
        .fields
        .iter()
        .filter_map(|f| match f.presence {
            Presence::Optional { default }
                if serde_json::from_str::<serde_json::Value>(default).is_ok() =>
            {
                Some((f.name.to_string(), default.to_string()))
            }
            _ => None,
        })
        .collect();
    (!entries.is_empty()).then(|| DefaultsView {
        name: format!("{}_DEFAULTS", screaming(s.name)),
        of: s.name.to_string(),
        entries,
    })
}

/// The library's structs that appear as a member of a union, anywhere.
fn union_members(ir: &IrLibrary) -> BTreeSet<&'static str> {
    fn walk(ty: &Ty, in_union: bool, out: &mut BTreeSet<&'static str>) {
        match ty {
            Ty::Local(name) if in_union => {
                out.insert(name);
            }
            Ty::Array(inner) | Ty::Map(inner) => walk(inner, in_union, out),
            Ty::Union(members) => members.iter().for_each(|m| walk(m, true, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for field in ir
        .modules
        .iter()
        .flat_map(|m| &m.structs)
        .flat_map(|s| &s.fields)
    {
        walk(&field.ty, false, &mut out);
    }
    out.retain(|name| {
        ir.locals
            .get(name)
            .is_some_and(|d| d.kind == LocalKind::Struct)
    });
    out
}

fn struct_view(ir: &IrLibrary, s: &Struct, in_union: bool) -> StructView {
    StructView {
        doc: doc_block(s.doc, None, ""),
        name: s.name.to_string(),
        keys: in_union.then(|| KeysView {
            name: format!("{}_KEYS", screaming(s.name)),
            keys: json(s.fields.iter().map(|f| f.name).collect::<Vec<_>>()),
        }),
        companions: companions_view(ir, s),
        fields: s
            .fields
            .iter()
            .map(|f| {
                let default = match f.presence {
                    Presence::Required => None,
                    Presence::Optional { default } => Some(default.to_string()),
                    Presence::OrCompanion => Some(or_companion_default(s, f)),
                };
                let mut doc = f.doc.to_string();
                doc.push_str(&companion_doc(s, f).unwrap_or_default());
                for set in literal_sets_in(&f.ty)
                    .into_iter()
                    .filter_map(|name| ir.literal_set(name))
                {
                    let values = set
                        .values
                        .iter()
                        .map(|v| format!("`\"{}\"`", v.value))
                        .collect::<Vec<_>>();
                    doc.push_str(&format!("\n\nAccepted: {}.", values.join(", ")));
                }
                FieldView {
                    doc: doc_block(&doc, default.as_deref(), "  "),
                    name: f.name.to_string(),
                    optional: default.is_some(),
                    ty: ts_type(&f.ty),
                }
            })
            .collect(),
    }
}

/// `- \`functionProps\`; one of the two is required`.
fn or_companion_default(s: &Struct, f: &Field) -> String {
    let companions: Vec<String> = s
        .companions_of(f.name)
        .map(|c| format!("`{}`", c.name))
        .collect();
    let which = if companions.len() == 1 {
        "the two"
    } else {
        "them"
    };
    format!("- {}; one of {which} is required", companions.join(" or "))
}

fn literal_sets_in(ty: &Ty) -> Vec<&'static str> {
    match ty {
        Ty::Literal(name) => vec![name],
        Ty::Array(inner) | Ty::Map(inner) => literal_sets_in(inner),
        Ty::Union(members) => members.iter().flat_map(literal_sets_in).collect(),
        _ => Vec::new(),
    }
}

/// A TypeScript template literal of a message: `{param}` becomes `${param}`.
fn error_view(e: &ErrorMessage, accepted: Option<&str>) -> ErrorView {
    let mut text = e
        .text
        .replace('\\', "\\\\")
        .replace('`', "\\`")
        .replace("${", "\\${");
    if let Some(accepted) = accepted {
        text = text.replace("{accepted}", accepted);
    }
    // Each name once: replacing a name used twice again would turn `${name}` into `$${name}`.
    for name in placeholders(e.text).into_iter().collect::<BTreeSet<_>>() {
        text = text.replace(&format!("{{{name}}}"), &format!("${{{name}}}"));
    }
    ErrorView {
        id: e.id.to_string(),
        params: e
            .params
            .iter()
            .map(|p| format!("{p}: string"))
            .collect::<Vec<_>>()
            .join(", "),
        text: format!("`{text}`"),
    }
}

fn literal_set_view(s: &LiteralSet) -> LiteralSetView {
    LiteralSetView {
        name: s.name.to_string(),
        values_const: format!("{}_VALUES", screaming(s.name)),
        check_fn: if s.target.is_some() {
            format!("to{}", s.name)
        } else {
            format!("check{}", s.name)
        },
        error_id: s.error.id.to_string(),
        target: s
            .target
            .map(|t| format!("{}.{}", alias(t.module), t.name))
            .unwrap_or_default(),
        entries: s
            .values
            .iter()
            .map(|v| LiteralEntry {
                value: json(v.value),
                cdk: v
                    .cdk
                    .map(|c| {
                        format!(
                            "{}.{c}",
                            s.target.map(|t| alias(t.module)).unwrap_or_default()
                        )
                    })
                    .unwrap_or_default(),
            })
            .collect(),
    }
}

fn merge_view(merge: &Merge) -> MergeView {
    MergeView {
        name: format!("{}_MERGE", screaming(merge.of)),
        of: merge.of.to_string(),
        entries: merge
            .rules
            .iter()
            .map(|(f, rule)| {
                let rule = match rule {
                    MergeRule::RouteWins => "routeWins",
                    MergeRule::MergeMaps => "mergeMaps",
                    MergeRule::Concat => "concat",
                    MergeRule::ConcatPermissions => "concatPermissions",
                };
                (f.to_string(), json(rule))
            })
            .collect(),
    }
}

fn resource_kind_view(k: &ResourceKind) -> ResourceKindView {
    let resources: Vec<String> = k
        .resources
        .iter()
        .map(|r| format!("`{}`", r.replace("{arn}", "${arn}")))
        .collect();
    let variables: Vec<String> = k
        .variables
        .iter()
        .map(|(prop, attr)| format!("{}: {}", json(prop), json(attr)))
        .collect();
    ResourceKindView {
        name: json(k.name),
        marker: json(k.marker),
        arn: json(k.arn),
        actions: json(&k.actions),
        resources: format!("[{}]", resources.join(", ")),
        variables: format!("{{ {} }}", variables.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_become_template_literals_with_escapes() {
        let e = ErrorMessage::new("x", &["key"], "Route `{key}` costs ${1}: {\"a\":1}");
        let v = error_view(&e, None);
        assert_eq!(v.params, "key: string");
        assert_eq!(v.text, "`Route \\`${key}\\` costs \\${1}: {\"a\":1}`");
    }

    #[test]
    fn a_placeholder_used_twice_is_filled_twice() {
        let e = ErrorMessage::new("x", &["a"], "\"{a}\" or \"{a}\"");
        assert_eq!(error_view(&e, None).text, "`\"${a}\" or \"${a}\"`");
    }

    #[test]
    fn literal_set_errors_list_the_accepted_values() {
        let e = ErrorMessage::new(
            "bad",
            &["value"],
            "Invalid \"{value}\". Accepted: {accepted}.",
        );
        assert_eq!(
            error_view(&e, Some("a, b")).text,
            "`Invalid \"${value}\". Accepted: a, b.`"
        );
    }

    #[test]
    fn only_literal_defaults_become_data() {
        let library = cdk_from_rust_constructs::library();
        let function = library
            .modules
            .iter()
            .find(|m| m.name == "function")
            .unwrap();
        let defaults = defaults_view(&function.structs[0]).unwrap();
        assert_eq!(defaults.name, "FUNCTION_PROPS_DEFAULTS");
        let names: Vec<&str> = defaults.entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "runtime",
                "timeout",
                "memorySize",
                "architecture",
                "tracing",
                "bundle"
            ]
        );
    }
}
