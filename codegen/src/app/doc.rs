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
    Chain { head: Box<Doc>, links: Vec<Doc>, broken: bool },
}

impl Doc {
    pub fn text(text: impl Into<String>) -> Doc {
        Doc::Text(text.into())
    }

    pub fn group(open: &str, close: &str, items: Vec<Doc>, padded: bool) -> Doc {
        Doc::Group { open: open.into(), close: close.into(), items, padded, broken: false, trailing: true }
    }

    /// A group without a comma after its last item, for Java's argument lists.
    pub fn arguments(open: &str, close: &str, items: Vec<Doc>) -> Doc {
        Doc::Group { open: open.into(), close: close.into(), items, padded: false, broken: false, trailing: false }
    }

    /// The same group, always one item per line.
    pub fn broken(self) -> Doc {
        match self {
            Doc::Group { open, close, items, padded, trailing, .. } => {
                Doc::Group { open, close, items, padded, broken: true, trailing }
            }
            Doc::Chain { head, links, .. } => Doc::Chain { head, links, broken: true },
            other => other,
        }
    }

    /// The code on one line.
    fn flat(&self) -> String {
        match self {
            Doc::Text(text) => text.clone(),
            Doc::Concat(parts) => parts.iter().map(Doc::flat).collect(),
            Doc::Group { open, close, items, padded, .. } => {
                if items.is_empty() {
                    return format!("{open}{close}");
                }
                let pad = if *padded { " " } else { "" };
                let inner: Vec<String> = items.iter().map(Doc::flat).collect();
                format!("{open}{pad}{}{pad}{close}", inner.join(", "))
            }
            Doc::Chain { head, links, .. } => head.flat() + &links.iter().map(Doc::flat).collect::<String>(),
        }
    }

    fn must_break(&self) -> bool {
        match self {
            Doc::Text(_) => false,
            Doc::Concat(parts) => parts.iter().any(Doc::must_break),
            Doc::Group { items, broken, .. } => (*broken && !items.is_empty()) || items.iter().any(Doc::must_break),
            Doc::Chain { head, links, broken } => {
                *broken || head.must_break() || links.iter().any(Doc::must_break)
            }
        }
    }

    /// The code, starting at column `column` of a line indented `level` times `unit`; lines
    /// it breaks into are indented from there.
    pub fn render(&self, unit: &str, level: usize, column: usize, width: usize) -> String {
        let mut printer = Printer { out: String::new(), unit, width, start: column };
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
            Doc::Group { open, close, items, trailing, .. } => {
                if self.fits(doc) {
                    self.out.push_str(&doc.flat());
                    return;
                }
                self.out.push_str(open);
                for (i, item) in items.iter().enumerate() {
                    self.out.push('\n');
                    self.out.push_str(&self.unit.repeat(level + 1));
                    self.print(item, level + 1);
                    if *trailing || i + 1 < items.len() {
                        self.out.push(',');
                    }
                }
                self.out.push('\n');
                self.out.push_str(&self.unit.repeat(level));
                self.out.push_str(close);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, value: Doc) -> Doc {
        Doc::Concat(vec![Doc::text(format!("{key}: ")), value])
    }

    #[test]
    fn a_group_stays_on_one_line_when_it_fits() {
        let doc = Doc::group("{", "}", vec![entry("a", Doc::text("1")), entry("b", Doc::text("[x]"))], true);
        assert_eq!(doc.render("  ", 0, 0, 80), "{ a: 1, b: [x] }");
        assert_eq!(Doc::group("[", "]", vec![], false).broken().render("  ", 0, 0, 80), "[]");
    }

    #[test]
    fn a_group_that_does_not_fit_or_must_break_puts_one_item_per_line() {
        let inner = Doc::group("[", "]", vec![Doc::text("\"aaaa\""), Doc::text("\"bbbb\"")], false);
        let doc = Doc::group("{", "}", vec![entry("list", inner)], true);
        assert_eq!(doc.render("  ", 1, 10, 30), "{\n    list: [\"aaaa\", \"bbbb\"],\n  }");
        let outer =
            Doc::group("{", "}", vec![entry("x", Doc::group("{", "}", vec![Doc::text("y")], true).broken())], true);
        assert_eq!(outer.render("  ", 0, 0, 80), "{\n  x: {\n    y,\n  },\n}");
    }

    #[test]
    fn java_arguments_take_no_trailing_comma_and_a_chain_breaks_before_each_call() {
        let args = Doc::arguments("List.of(", ")", vec![Doc::text("aaaa"), Doc::text("bbbb")]);
        assert_eq!(args.render("    ", 0, 0, 10), "List.of(\n    aaaa,\n    bbbb\n)");
        let chain = Doc::Chain {
            head: Box::new(Doc::text("Props.builder()")),
            links: vec![Doc::text(".a(1)"), Doc::text(".build()")],
            broken: false,
        };
        assert_eq!(chain.render("    ", 0, 0, 80), "Props.builder().a(1).build()");
        assert_eq!(chain.render("    ", 1, 0, 20), "Props.builder()\n        .a(1)\n        .build()");
    }
}
