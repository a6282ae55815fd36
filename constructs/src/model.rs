//! The types the construct library is described in. Values of these types live in the
//! sibling modules (one per generated TypeScript file); the generator in `codegen/` checks
//! them (IR), derives every name, import and doc line (view-model) and renders them.

/// The whole library: package metadata and one module per generated source file.
#[derive(Debug, Clone)]
pub struct Library {
    pub package: Package,
    pub modules: Vec<Module>,
}

/// `package.json` facts of the generated npm/jsii package.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: &'static str,
    pub version: &'static str,
    pub description: &'static str,
    pub license: &'static str,
    pub author: &'static str,
    pub repository: &'static str,
    pub python_dist: &'static str,
    pub python_module: &'static str,
    pub java_package: &'static str,
    pub maven_group_id: &'static str,
    pub maven_artifact_id: &'static str,
    pub go_module: &'static str,
    pub go_package: &'static str,
    pub peer_dependencies: Vec<Dependency>,
    /// Runtime dependencies; jsii requires non-jsii ones to be bundled into the tarball.
    pub bundled_dependencies: Vec<Dependency>,
    /// The toolchain that builds the package; `test-app/package.json` pins the same versions.
    pub dev_dependencies: Vec<Dependency>,
    /// What a generated TypeScript app and `cdk-from-rust synth` run with beside the package:
    /// the CDK CLI, `tsx`, TypeScript, CDK itself. `test-app/package.json` pins the same.
    pub app_toolchain: Vec<Dependency>,
    /// What a generated Java app pins in `pom.xml`: `aws-cdk-lib` and `constructs`.
    pub java_app_toolchain: Vec<Dependency>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub name: &'static str,
    pub version: &'static str,
}

/// One concept of the library: its declarations are generated into `src/{name}.generated.ts`;
/// its behaviour is hand-written in `src/{name}.ts`, which imports them.
#[derive(Debug, Clone)]
pub struct Module {
    pub name: &'static str,
    /// The Rust file that holds this module's model, named in the generated header.
    pub source: &'static str,
    pub structs: Vec<Struct>,
    pub classes: Vec<Class>,
    pub literal_sets: Vec<LiteralSet>,
    pub errors: Vec<ErrorMessage>,
    pub merges: Vec<Merge>,
    pub resource_kinds: Vec<ResourceKind>,
    pub constants: Vec<Constant>,
    /// Type names for unions that jsii cannot name: public signatures spell them out.
    pub aliases: Vec<Alias>,
    pub checks: Vec<Check>,
}

/// A rule a string value must meet, stated once: the construct tests the generated pattern
/// (`{NAME}_PATTERN`) and the app-model validator tests the same pattern on models, so that
/// both accept and refuse the same values with the same error.
#[derive(Debug, Clone)]
pub struct Check {
    /// `grantMethod`: `GRANT_METHOD_PATTERN` in the generated code.
    pub name: &'static str,
    pub doc: &'static str,
    /// A regular expression in the syntax JavaScript's `RegExp` and Rust's `regex` share.
    pub pattern: &'static str,
    /// The error of the same module thrown for a value that does not match.
    pub error: &'static str,
}

/// A jsii struct: a TypeScript interface of readonly data properties.
#[derive(Debug, Clone)]
pub struct Struct {
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub doc: &'static str,
    pub ty: Ty,
    pub presence: Presence,
    /// Set on a struct-only companion of a union prop of the same struct: the union prop's
    /// name. jsii turns a Python dict into a struct only where the type is that struct alone,
    /// so the struct form of the union gets a prop of its own; both mean the same.
    pub companion_of: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    Required,
    /// The text of the `@default` tag: a literal (`10`, `"$request.body.action"`) or a
    /// dash and a description (`- the working directory`).
    Optional {
        default: &'static str,
    },
    /// A union prop that is optional only so that its struct-only companion can take its place:
    /// one of the two is required (app models, which have no companions, require the union prop).
    OrCompanion,
}

/// A class or behavioural interface hand-written in the module's `src/{module}.ts`, where its
/// docs live beside its code; the model names it so that props can reference it and the
/// package index exports it.
#[derive(Debug, Clone)]
pub struct Class {
    pub name: &'static str,
}

/// A property type, written as jsii can express it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    Number,
    Boolean,
    /// A string restricted to a literal set (jsii widens literal unions to `string`, so the
    /// set is checked at runtime).
    Literal(&'static str),
    /// A struct or class of this library.
    Local(&'static str),
    /// A type from `aws-cdk-lib` or `constructs`.
    External(External),
    Array(Box<Ty>),
    Map(Box<Ty>),
    Union(Vec<Ty>),
}

/// A type imported from another package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct External {
    pub module: ExternalModule,
    pub name: &'static str,
}

/// The packages and CDK submodules whose types the model names (and, for S3, DynamoDB, SQS and
/// SNS, whose constructs app models declare), each imported under one fixed alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExternalModule {
    Constructs,
    ApiGatewayV2,
    ApiGatewayV2Authorizers,
    CertificateManager,
    Cognito,
    DynamoDb,
    Iam,
    Lambda,
    Logs,
    Route53,
    S3,
    Sns,
    Sqs,
}

/// A closed set of string values, with its runtime check and, where the value maps to a
/// CDK value, the expression for each.
#[derive(Debug, Clone)]
pub struct LiteralSet {
    pub name: &'static str,
    pub values: Vec<Literal>,
    /// The CDK type each value maps to; `None` for sets that are only checked.
    pub target: Option<External>,
    /// The error thrown for any other value: takes `value`; `{accepted}` in its text is
    /// replaced by the list of values.
    pub error: ErrorMessage,
}

#[derive(Debug, Clone)]
pub struct Literal {
    pub value: &'static str,
    /// The TypeScript expression of the CDK value, relative to the target's module alias.
    pub cdk: Option<&'static str>,
}

/// A user-facing error message. `{name}` in `text` is replaced by the parameter `name`.
#[derive(Debug, Clone)]
pub struct ErrorMessage {
    pub id: &'static str,
    pub params: Vec<&'static str>,
    pub text: &'static str,
}

/// How `defaults` and a route's own props of one struct combine: one rule per field.
#[derive(Debug, Clone)]
pub struct Merge {
    pub function: &'static str,
    pub of: &'static str,
    pub rules: Vec<(&'static str, MergeRule)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeRule {
    /// The route's value if set, else the default's.
    RouteWins,
    /// Both maps, the route's keys winning.
    MergeMaps,
    /// Defaults first, then the route's.
    Concat,
    /// Like `Concat`, but `"*"` on either side wins.
    ConcatPermissions,
}

/// A kind of construct that permissions and `bind` understand: how it is recognised, what
/// access it is granted and which environment variables binding sets.
#[derive(Debug, Clone)]
pub struct ResourceKind {
    /// SST's type name, used in `SST_{type}_{prop}_{id}`.
    pub name: &'static str,
    /// A property only this kind has; recognises the construct without `instanceof`, so that
    /// two copies of aws-cdk-lib still work.
    pub marker: &'static str,
    /// The property that holds the ARN the statements are scoped to.
    pub arn: &'static str,
    pub actions: Vec<&'static str>,
    /// Resource patterns; `{arn}` is replaced by the ARN.
    pub resources: Vec<&'static str>,
    /// Environment variables set by `bind`: SST's prop name, and the construct property
    /// that holds the value.
    pub variables: Vec<(&'static str, &'static str)>,
}

/// A constant the hand-written code uses, such as a default format or a limit; the app-model
/// validator reads the same values.
#[derive(Debug, Clone)]
pub struct Constant {
    pub name: &'static str,
    pub doc: &'static str,
    pub value: ConstantValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstantValue {
    Text(&'static str),
    Number(u32),
}

impl Struct {
    /// The struct-only companions of the union prop `of`, in field order.
    pub fn companions_of<'a>(&'a self, of: &'a str) -> impl Iterator<Item = &'a Field> + 'a {
        self.fields
            .iter()
            .filter(move |f| f.companion_of == Some(of))
    }
}

impl Library {
    /// A check of the library, by name, with the error it throws.
    pub fn check(&self, name: &str) -> Option<(&Check, &ErrorMessage)> {
        self.modules.iter().find_map(|m| {
            let check = m.checks.iter().find(|c| c.name == name)?;
            Some((check, m.errors.iter().find(|e| e.id == check.error)?))
        })
    }

    /// A numeric constant of a module, for Rust code that must agree with the generated code.
    pub fn number(&self, module: &str, name: &str) -> Option<u32> {
        let m = self.modules.iter().find(|m| m.name == module)?;
        match m.constants.iter().find(|c| c.name == name)?.value {
            ConstantValue::Number(n) => Some(n),
            ConstantValue::Text(_) => None,
        }
    }
}

/// A named union. jsii has no type aliases, so signatures that the template writes use the
/// spelled-out type; the alias is exported for the library's own code only.
#[derive(Debug, Clone)]
pub struct Alias {
    pub name: &'static str,
    pub ty: Ty,
}

impl Ty {
    pub fn array(inner: Ty) -> Ty {
        Ty::Array(Box::new(inner))
    }
    pub fn map(inner: Ty) -> Ty {
        Ty::Map(Box::new(inner))
    }
    pub fn ext(module: ExternalModule, name: &'static str) -> Ty {
        Ty::External(External { module, name })
    }
}

impl Field {
    pub fn required(name: &'static str, ty: Ty, doc: &'static str) -> Field {
        Field {
            name,
            doc,
            ty,
            presence: Presence::Required,
            companion_of: None,
        }
    }
    pub fn optional(name: &'static str, ty: Ty, default: &'static str, doc: &'static str) -> Field {
        Field {
            name,
            doc,
            ty,
            presence: Presence::Optional { default },
            companion_of: None,
        }
    }
    /// A union prop that, or one of its companions, is required.
    pub fn required_or_companion(name: &'static str, ty: Ty, doc: &'static str) -> Field {
        Field {
            name,
            doc,
            ty,
            presence: Presence::OrCompanion,
            companion_of: None,
        }
    }
    /// The struct-only companion of the union prop `of`, taking the union's member `structure`
    /// (a struct of this library, or a CDK props struct).
    pub fn companion(
        name: &'static str,
        of: &'static str,
        structure: Ty,
        default: &'static str,
        doc: &'static str,
    ) -> Field {
        Field {
            companion_of: Some(of),
            ..Field::optional(name, structure, default, doc)
        }
    }
}

impl ErrorMessage {
    pub fn new(id: &'static str, params: &[&'static str], text: &'static str) -> ErrorMessage {
        ErrorMessage {
            id,
            params: params.to_vec(),
            text,
        }
    }
}

impl Module {
    /// A module with nothing in it yet; the model files fill in what they need.
    pub fn new(name: &'static str, source: &'static str) -> Module {
        Module {
            name,
            source,
            structs: Vec::new(),
            classes: Vec::new(),
            literal_sets: Vec::new(),
            errors: Vec::new(),
            merges: Vec::new(),
            resource_kinds: Vec::new(),
            constants: Vec::new(),
            aliases: Vec::new(),
            checks: Vec::new(),
        }
    }
}
