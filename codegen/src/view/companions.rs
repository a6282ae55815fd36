//! The struct-only companions of a struct's union props (`Field::companion`) as data the
//! hand-written code resolves (`resolveCompanions` in `props.ts`), and the doc paragraph every
//! companion carries.

use cdk_from_rust_constructs::model::{External, Field, Struct, Ty};
use serde::Serialize;

use super::{json, screaming};
use crate::app::names::python_field;
use crate::ir::IrLibrary;

#[derive(Debug, Serialize)]
pub struct CompanionsView {
    pub name: String,
    pub of: String,
    /// One JSON object per companion.
    pub entries: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a> {
    prop: &'a str,
    of: &'a str,
    #[serde(rename = "struct")]
    structure: &'a str,
    python: String,
    python_of: String,
    /// The union's forms that are not structs, for messages: `a boolean or a string`.
    other_forms: String,
    /// The one value of the struct's `type` discriminator, filled in when the value has none:
    /// the companion's name already says which struct it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    discriminator: Option<&'a str>,
}

pub fn companions_view(ir: &IrLibrary, s: &Struct) -> Option<CompanionsView> {
    let entries: Vec<String> = s
        .fields
        .iter()
        .filter_map(|f| {
            let of = f.companion_of?;
            let union = s
                .fields
                .iter()
                .find(|u| u.name == of)
                .expect("ir.rs checks the union prop");
            let structure = struct_name(&f.ty);
            Some(json(Entry {
                prop: f.name,
                of,
                structure,
                python: python_field(f.name),
                python_of: python_field(of),
                other_forms: other_forms(ir, s, union),
                discriminator: discriminator(ir, structure),
            }))
        })
        .collect();
    (!entries.is_empty()).then(|| CompanionsView {
        name: format!("{}_COMPANIONS", screaming(s.name)),
        of: s.name.to_string(),
        entries,
    })
}

/// The paragraph that says what a companion is for, or, on a union prop, which companions it has.
pub fn companion_doc(s: &Struct, f: &Field) -> Option<String> {
    let Some(of) = f.companion_of else {
        return union_doc(s, f);
    };
    let structure = struct_name(&f.ty);
    let mut exclusive = vec![format!("`{of}`")];
    exclusive.extend(
        s.companions_of(of)
            .filter(|g| g.name != f.name)
            .map(|g| format!("`{}`", g.name)),
    );
    let last = exclusive.pop().expect("the union prop is listed");
    let exclusive = if exclusive.is_empty() {
        last
    } else {
        format!("{} or {last}", exclusive.join(", "))
    };
    Some(format!(
        "\n\nMeans what `{of}` given as a `{structure}` means. It exists for jsii languages: in Python, jsii cannot tell a dict from the struct class inside the union `{of}` and drops a dict's snake_case keys, so the struct goes here, as a struct class or a dict. From TypeScript, `{of}` is the natural form. Cannot be set together with {exclusive}."
    ))
}

fn union_doc(s: &Struct, f: &Field) -> Option<String> {
    let companions: Vec<String> = s
        .companions_of(f.name)
        .map(|c| format!("`{}`", c.name))
        .collect();
    let (last, rest) = companions.split_last()?;
    let listed = if rest.is_empty() {
        last.clone()
    } else {
        format!("{} or {last}", rest.join(", "))
    };
    Some(format!("\n\nFrom Python, give its struct form in {listed}: a dict or struct given here is refused, as jsii would drop the dict's snake_case keys."))
}

/// The struct a companion takes: a struct of the library or a CDK props struct.
fn struct_name(ty: &Ty) -> &'static str {
    match ty {
        Ty::Local(name) => name,
        Ty::External(external) => external.name,
        _ => unreachable!("ir.rs checks a companion takes a struct"),
    }
}

/// The members of `union` no companion takes: `a boolean or a string`, `a string or a Function`.
fn other_forms(ir: &IrLibrary, s: &Struct, union: &Field) -> String {
    let Ty::Union(members) = &union.ty else {
        unreachable!("ir.rs checks a companion's prop is a union")
    };
    let forms: Vec<String> = members
        .iter()
        .filter(|m| !s.companions_of(union.name).any(|c| &c.ty == *m))
        .filter_map(|m| match m {
            Ty::Boolean => Some("a boolean".to_string()),
            Ty::String => Some("a string".to_string()),
            Ty::Number => Some("a number".to_string()),
            Ty::Literal(set) => {
                let values: Vec<String> = ir
                    .literal_set(set)?
                    .values
                    .iter()
                    .map(|v| format!("\"{}\"", v.value))
                    .collect();
                Some(values.join(" or "))
            }
            Ty::Local(name) | Ty::External(External { name, .. }) => Some(format!(
                "{} {name}",
                if name.starts_with(['A', 'E', 'I', 'O', 'U']) {
                    "an"
                } else {
                    "a"
                }
            )),
            _ => None,
        })
        .collect();
    forms.join(" or ")
}

fn discriminator(ir: &IrLibrary, structure: &str) -> Option<&'static str> {
    let s = ir
        .modules
        .iter()
        .flat_map(|m| &m.structs)
        .find(|s| s.name == structure)?;
    let Ty::Literal(set) = s.fields.iter().find(|f| f.name == "type")?.ty else {
        return None;
    };
    match ir.literal_set(set)?.values.as_slice() {
        [only] => Some(only.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn companions_name_their_union_python_names_and_discriminator() {
        let library = cdk_from_rust_constructs::library();
        let ir = crate::ir::validate(&library).unwrap();
        let props = &library
            .modules
            .iter()
            .find(|m| m.name == "api")
            .unwrap()
            .structs[0];
        let view = companions_view(&ir, props).unwrap();
        assert_eq!(view.name, "WEB_SOCKET_API_PROPS_COMPANIONS");
        assert_eq!(
            view.entries[0],
            r#"{"prop":"accessLogSettings","of":"accessLog","struct":"WebSocketApiAccessLogProps","python":"access_log_settings","pythonOf":"access_log","otherForms":"a boolean or a string"}"#
        );
        assert!(
            view.entries[4]
                .contains(r#""otherForms":"\"none\" or \"iam\"","discriminator":"user_pool""#),
            "{}",
            view.entries[4]
        );
    }
}
