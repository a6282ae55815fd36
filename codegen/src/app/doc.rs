//! A small pretty printer for generated code: a bracketed list stays on one line when it
//! fits, else puts one item per line with a trailing comma, as prettier, black and gofmt do
//! (Java's calls take none); a builder chain stays on one line when it fits, else puts each
//! call on a line of its own.

#[derive(Debug, Clone, PartialEq)]
pub enum Doc {
    Text(String),
    Concat(Vec<Doc>),
    Group {
        open: String,
        close: String,
        items: Vec<Doc>,
        /// A space inside the brackets on one line: `{ a: 1 }`, not `[1]`.
        padded: bool,
        /// Always one item per line.
        broken: bool,
        /// A comma after the last item when broken.
        trailing: bool,
    },
    /// `head.a(x).b(y)`: links start with `.`. `broken`: always one link per line.
    Chain {
        head: Box<Doc>,
        links: Vec<Doc>,
        broken: bool,
    },
    /// `key: value` of a Go composite literal. As gofmt does, a broken group pads the keys of
    /// consecutive one-line fields to one column (a field that breaks ends the run), unless
    /// their sizes differ too much.
    Field {
        key: String,
        value: Box<Doc>,
    },
}

impl Doc {
    pub fn text(text: impl Into<String>) -> Doc {
        Doc::Text(text.into())
    }

    pub fn group(open: &str, close: &str, items: Vec<Doc>, padded: bool) -> Doc {
        Doc::Group {
            open: open.into(),
            close: close.into(),
            items,
            padded,
            broken: false,
            trailing: true,
        }
    }

    /// A group without a comma after its last item, for Java's argument lists.
    pub fn arguments(open: &str, close: &str, items: Vec<Doc>) -> Doc {
        Doc::Group {
            open: open.into(),
            close: close.into(),
            items,
            padded: false,
            broken: false,
            trailing: false,
        }
    }

    /// The same group, always one item per line.
    pub fn broken(self) -> Doc {
        match self {
            Doc::Group {
                open,
                close,
                items,
                padded,
                trailing,
                ..
            } => Doc::Group {
                open,
                close,
                items,
                padded,
                broken: true,
                trailing,
            },
            Doc::Chain { head, links, .. } => Doc::Chain {
                head,
                links,
                broken: true,
            },
            other => other,
        }
    }

    /// The code on one line.
    fn flat(&self) -> String {
        match self {
            Doc::Text(text) => text.clone(),
            Doc::Concat(parts) => parts.iter().map(Doc::flat).collect(),
            Doc::Group {
                open,
                close,
                items,
                padded,
                ..
            } => {
                if items.is_empty() {
                    return format!("{open}{close}");
                }
                let pad = if *padded { " " } else { "" };
                let inner: Vec<String> = items.iter().map(Doc::flat).collect();
                format!("{open}{pad}{}{pad}{close}", inner.join(", "))
            }
            Doc::Chain { head, links, .. } => {
                head.flat() + &links.iter().map(Doc::flat).collect::<String>()
            }
            Doc::Field { key, value } => format!("{key} {}", value.flat()),
        }
    }

    fn must_break(&self) -> bool {
        match self {
            Doc::Text(_) => false,
            Doc::Concat(parts) => parts.iter().any(Doc::must_break),
            Doc::Group { items, broken, .. } => {
                (*broken && !items.is_empty()) || items.iter().any(Doc::must_break)
            }
            Doc::Chain {
                head,
                links,
                broken,
            } => *broken || head.must_break() || links.iter().any(Doc::must_break),
            Doc::Field { value, .. } => value.must_break(),
        }
    }

    /// The code, starting at column `column` of a line indented `level` times `unit`; lines
    /// it breaks into are indented from there.
    pub fn render(&self, unit: &str, level: usize, column: usize, width: usize) -> String {
        let mut printer = Printer {
            out: String::new(),
            unit,
            width,
            start: column,
        };
        printer.print(self, level);
        printer.out
    }
}

struct Printer<'a> {
    out: String,
    unit: &'a str,
    width: usize,
    /// The column of the first line's start.
    start: usize,
}

impl Printer<'_> {
    fn column(&self) -> usize {
        match self.out.rfind('\n') {
            Some(i) => self.out[i + 1..].chars().count(),
            None => self.start + self.out.chars().count(),
        }
    }

    fn print(&mut self, doc: &Doc, level: usize) {
        match doc {
            Doc::Text(text) => self.out.push_str(text),
            Doc::Concat(parts) => parts.iter().for_each(|p| self.print(p, level)),
            Doc::Group {
                open,
                close,
                items,
                trailing,
                ..
            } => {
                if self.fits(doc) {
                    self.out.push_str(&doc.flat());
                    return;
                }
                self.out.push_str(open);
                let indent = self.unit.repeat(level + 1);
                let rendered: Vec<String> = items
                    .iter()
                    .map(|item| {
                        let mut printer = Printer {
                            out: String::new(),
                            unit: self.unit,
                            width: self.width,
                            start: indent.chars().count(),
                        };
                        printer.print(item, level + 1);
                        printer.out
                    })
                    .collect();
                let columns = key_columns(items, &rendered);
                for (i, text) in rendered.iter().enumerate() {
                    self.out.push('\n');
                    self.out.push_str(&indent);
                    match (&items[i], columns[i]) {
                        (Doc::Field { key, .. }, Some(column)) => {
                            self.out.push_str(key);
                            self.out.push_str(&" ".repeat(column - key.chars().count()));
                            self.out.push_str(&text[key.len()..]);
                        }
                        _ => self.out.push_str(text),
                    }
                    if *trailing || i + 1 < items.len() {
                        self.out.push(',');
                    }
                }
                self.out.push('\n');
                self.out.push_str(&self.unit.repeat(level));
                self.out.push_str(close);
            }
            Doc::Field { key, value } => {
                self.out.push_str(key);
                self.out.push(' ');
                self.print(value, level);
            }
            Doc::Chain { head, links, .. } => {
                if self.fits(doc) {
                    self.out.push_str(&doc.flat());
                    return;
                }
                self.print(head, level);
                for link in links {
                    self.out.push('\n');
                    self.out.push_str(&self.unit.repeat(level + 1));
                    self.print(link, level + 1);
                }
            }
        }
    }

    fn fits(&self, doc: &Doc) -> bool {
        !doc.must_break() && self.column() + doc.flat().chars().count() <= self.width
    }
}

/// The column each field's key is padded to, as gofmt aligns a composite literal: runs of
/// one-line fields share the widest key's column; a field over several lines stands alone; past
/// 40 characters, a key 2.5 times longer or shorter than the run's geometric mean starts a new
/// run. `None`: no padding.
fn key_columns(items: &[Doc], rendered: &[String]) -> Vec<Option<usize>> {
    const SMALL: usize = 40;
    const RATIO: f64 = 2.5;
    let size = |i: usize| match &items[i] {
        Doc::Field { key, .. } if !rendered[i].contains('\n') => Some(key.chars().count()),
        _ => None,
    };
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let (mut lnsum, mut count) = (0.0_f64, 0_usize);
    for i in 0..items.len() {
        let Some(current) = size(i) else {
            runs.push(Vec::new());
            (lnsum, count) = (0.0, 0);
            continue;
        };
        let joins = match (i.checked_sub(1).and_then(size), runs.last()) {
            (Some(previous), Some(run)) if !run.is_empty() => {
                count == 0 || (previous <= SMALL && current <= SMALL) || {
                    let ratio = current as f64 / (lnsum / count as f64).exp();
                    RATIO * ratio > 1.0 && ratio < RATIO
                }
            }
            _ => false,
        };
        if !joins {
            runs.push(Vec::new());
            (lnsum, count) = (0.0, 0);
        }
        runs.last_mut().expect("a run was pushed").push(i);
        lnsum += (current as f64).ln();
        count += 1;
    }
    let mut columns = vec![None; items.len()];
    for run in runs {
        let widest = run.iter().filter_map(|&i| size(i)).max().unwrap_or(0);
        for i in run {
            columns[i] = Some(widest);
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, value: Doc) -> Doc {
        Doc::Concat(vec![Doc::text(format!("{key}: ")), value])
    }

    #[test]
    fn a_group_stays_on_one_line_when_it_fits() {
        let doc = Doc::group(
            "{",
            "}",
            vec![entry("a", Doc::text("1")), entry("b", Doc::text("[x]"))],
            true,
        );
        assert_eq!(doc.render("  ", 0, 0, 80), "{ a: 1, b: [x] }");
        assert_eq!(
            Doc::group("[", "]", vec![], false)
                .broken()
                .render("  ", 0, 0, 80),
            "[]"
        );
    }

    #[test]
    fn a_group_that_does_not_fit_or_must_break_puts_one_item_per_line() {
        let inner = Doc::group(
            "[",
            "]",
            vec![Doc::text("\"aaaa\""), Doc::text("\"bbbb\"")],
            false,
        );
        let doc = Doc::group("{", "}", vec![entry("list", inner)], true);
        assert_eq!(
            doc.render("  ", 1, 10, 30),
            "{\n    list: [\"aaaa\", \"bbbb\"],\n  }"
        );
        let outer = Doc::group(
            "{",
            "}",
            vec![entry(
                "x",
                Doc::group("{", "}", vec![Doc::text("y")], true).broken(),
            )],
            true,
        );
        assert_eq!(outer.render("  ", 0, 0, 80), "{\n  x: {\n    y,\n  },\n}");
    }

    #[test]
    fn go_fields_align_their_values_across_one_line_fields_as_gofmt_does() {
        let field = |key: &str, value: Doc| Doc::Field {
            key: format!("{key}:"),
            value: Box::new(value),
        };
        let nested = Doc::group("&T{", "}", vec![field("A", Doc::text("1"))], false).broken();
        let doc = Doc::group(
            "&P{",
            "}",
            vec![
                field("Name", Doc::text("x")),
                field("MemorySize", Doc::text("1")),
                field("Nested", nested),
                field("B", Doc::text("2")),
            ],
            false,
        )
        .broken();
        let expected =
            "&P{\n\tName:       x,\n\tMemorySize: 1,\n\tNested: &T{\n\t\tA: 1,\n\t},\n\tB: 2,\n}";
        assert_eq!(doc.render("\t", 0, 0, 100), expected);
    }

    #[test]
    fn java_arguments_take_no_trailing_comma_and_a_chain_breaks_before_each_call() {
        let args = Doc::arguments("List.of(", ")", vec![Doc::text("aaaa"), Doc::text("bbbb")]);
        assert_eq!(
            args.render("    ", 0, 0, 10),
            "List.of(\n    aaaa,\n    bbbb\n)"
        );
        let chain = Doc::Chain {
            head: Box::new(Doc::text("Props.builder()")),
            links: vec![Doc::text(".a(1)"), Doc::text(".build()")],
            broken: false,
        };
        assert_eq!(
            chain.render("    ", 0, 0, 80),
            "Props.builder().a(1).build()"
        );
        assert_eq!(
            chain.render("    ", 1, 0, 20),
            "Props.builder()\n        .a(1)\n        .build()"
        );
    }
}
