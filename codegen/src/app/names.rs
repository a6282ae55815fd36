//! Names in the generated code, from the ids and names of the model: `chat-connections` is
//! `chatConnections` in TypeScript and `chat_connections` in Python; stack `Chat` is the class
//! `ChatStack` in `lib/chat-stack.ts` or `chat_stack.py`.

/// The words of an id: split at `-`, `_` and where case changes (`URLShortener`: URL, Shortener).
fn words(id: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let chars: Vec<char> = id.chars().collect();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' || c == '_' {
            words.extend((!current.is_empty()).then(|| std::mem::take(&mut current)));
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1);
        let boundary = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    words.extend((!current.is_empty()).then_some(current));
    words
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase())
        .unwrap_or_default()
}

pub fn pascal(id: &str) -> String {
    words(id).iter().map(|w| capitalized(w)).collect()
}

pub fn lower_camel(id: &str) -> String {
    let words = words(id);
    let mut out = words
        .first()
        .map(|w| w.to_ascii_lowercase())
        .unwrap_or_default();
    out.extend(words.iter().skip(1).map(|w| capitalized(w)));
    out
}

pub fn snake(id: &str) -> String {
    words(id)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

pub fn kebab(id: &str) -> String {
    words(id)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("-")
}

/// A Python keyword argument for a jsii struct field: `returnResponse` -> `return_response`.
pub fn python_field(camel: &str) -> String {
    snake(camel)
}

/// `name` with `suffix` appended unless it already ends with it: `Chat` -> `ChatStack`,
/// `ChatStack` stays.
pub fn with_suffix(name: String, suffix: &str) -> String {
    if name
        .to_ascii_lowercase()
        .ends_with(&suffix.to_ascii_lowercase())
    {
        name
    } else {
        name + suffix
    }
}

/// Ids that differ only in case, dashes and underscores name the same variable.
pub fn normalized(id: &str) -> String {
    id.chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_convert_to_each_languages_conventions() {
        assert_eq!(lower_camel("chat-connections"), "chatConnections");
        assert_eq!(lower_camel("Chat"), "chat");
        assert_eq!(snake("ChatRoom"), "chat_room");
        assert_eq!(snake("URLShortener"), "url_shortener");
        assert_eq!(kebab("ChatStack"), "chat-stack");
        assert_eq!(pascal("chat-prod"), "ChatProd");
        assert_eq!(python_field("webSocketStage"), "web_socket_stage");
        assert_eq!(
            python_field("routeSelectionExpression"),
            "route_selection_expression"
        );
        assert_eq!(with_suffix(pascal("chat"), "Stack"), "ChatStack");
        assert_eq!(with_suffix(pascal("ChatStack"), "Stack"), "ChatStack");
        assert_eq!(normalized("chat-Room"), normalized("chatroom"));
    }
}
