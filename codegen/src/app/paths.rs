//! Handler paths. In a model file, `srcPath` is relative to the file's folder (and defaults to
//! it), so a model and its handlers move together. The construct resolves `srcPath` against
//! the working directory, which is the app's folder when `cdk synth` runs there; so the
//! generated code carries the model's folder as seen from the app's folder.

use std::path::{Component, Path, PathBuf};

use crate::app::model::{
    FunctionDefinition, Route, WebSocketApiFunctionRouteProps, WebSocketApiProps,
};

/// `to` as seen from `from`, both absolute, with `/` separators: `../../examples/chat`; `None`
/// when they are the same folder.
pub fn relative(from: &Path, to: &Path) -> Option<String> {
    let from = normalize(from);
    let to = normalize(to);
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let up = from.components().count() - common;
    let parts: Vec<String> = std::iter::repeat_n("..".to_string(), up)
        .chain(
            to.components()
                .skip(common)
                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        )
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `rel` below `base` (both relative to the app's folder): `../m` and `src` give `../m/src`.
pub fn join(base: &str, rel: &str) -> String {
    if Path::new(rel).is_absolute() {
        return rel.to_string();
    }
    let joined = normalize(&Path::new(base).join(rel));
    let text = joined.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".to_string()
    } else {
        text
    }
}

/// The folder without `.` and with each `name/..` removed, on text alone (no symlinks).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The API's props with every `srcPath` made relative to the app's folder, given where the
/// model's folder is from there; route functions without a `srcPath` get the model's folder
/// through `defaults.function`.
pub fn rebase(api: &WebSocketApiProps, model_dir: Option<&str>) -> WebSocketApiProps {
    let mut api = api.clone();
    let Some(base) = model_dir else { return api };
    for route in api.routes.values_mut() {
        if let Route::Props(WebSocketApiFunctionRouteProps {
            function: FunctionDefinition::Props(f),
            ..
        }) = route
        {
            if let Some(src_path) = &f.src_path {
                f.src_path = Some(join(base, src_path));
            }
        }
    }
    if !api.routes.is_empty() {
        let defaults = api
            .defaults
            .get_or_insert_with(Default::default)
            .function
            .get_or_insert_with(Default::default);
        defaults.src_path = Some(join(base, defaults.src_path.as_deref().unwrap_or(".")));
    }
    api
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::model::FunctionProps;

    #[test]
    fn a_folder_as_seen_from_another() {
        assert_eq!(
            relative(
                Path::new("/r/target/apps/chat"),
                Path::new("/r/examples/chat")
            )
            .as_deref(),
            Some("../../../examples/chat")
        );
        assert_eq!(
            relative(Path::new("/r/x/./y/../z"), Path::new("/r/x/z/m")).as_deref(),
            Some("m")
        );
        assert_eq!(relative(Path::new("/r/a"), Path::new("/r/a/")), None);
        assert_eq!(join("../../m", "src"), "../../m/src");
        assert_eq!(join("../m", ".."), "..");
        assert_eq!(join("m", ".."), ".");
    }

    #[test]
    fn rebasing_points_every_function_at_the_models_folder() {
        let mut api = WebSocketApiProps::default();
        api.routes
            .insert("a".into(), Route::Handler("src/a.main".into()));
        let own = FunctionProps {
            src_path: Some("other".into()),
            ..FunctionProps::handler("b.main")
        };
        api.routes.insert(
            "b".into(),
            Route::Props(WebSocketApiFunctionRouteProps {
                function: FunctionDefinition::Props(own),
                route_type: None,
                return_response: None,
            }),
        );
        let rebased = rebase(&api, Some("../m"));
        let defaults = rebased.defaults.unwrap().function.unwrap();
        assert_eq!(defaults.src_path.as_deref(), Some("../m"));
        let Route::Props(b) = &rebased.routes["b"] else {
            panic!()
        };
        let FunctionDefinition::Props(b) = &b.function else {
            panic!()
        };
        assert_eq!(b.src_path.as_deref(), Some("../m/other"));
        assert_eq!(
            rebase(&api, None),
            api,
            "an app in the model's folder needs no srcPath"
        );
    }
}
