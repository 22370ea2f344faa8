//! XML through roxmltree, with element names matched ignoring ASCII case (exports
//! differ: `Connectors`/`connectors`, `JsonFileName`/`jsonfilename`).

pub use roxmltree::{Document, Node};

/// Parses XML text (a leading BOM is skipped). The error message names line:column.
pub fn parse(text: &str) -> Result<Document<'_>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    Document::parse_with_options(text, opts).map_err(|e| e.to_string())
}

/// Whether the element's local name equals `name` ignoring ASCII case.
pub fn is(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name().eq_ignore_ascii_case(name)
}

/// Element children named `name`.
pub fn children<'a, 'i>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children().filter(move |c| is(*c, name))
}

/// The first element child named `name`.
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| is(*c, name))
}

/// The first descendant element named `name` (the node itself included).
pub fn descendant<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.descendants().find(|c| is(*c, name))
}

/// The trimmed text of the child element `name`, if it has some.
pub fn child_text(node: Node<'_, '_>, name: &str) -> Option<String> {
    let t = child(node, name)?.text()?.trim().to_owned();
    (!t.is_empty()).then_some(t)
}

/// The value of the attribute `name`, ignoring ASCII case.
pub fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name().eq_ignore_ascii_case(name))
        .map(|a| a.value())
}

/// Whether an element has any element children.
pub fn has_element_children(node: Node<'_, '_>) -> bool {
    node.children().any(|c| c.is_element())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive() {
        let d = parse("\u{feff}<ImportExportXml><connectors><Connector><Name>a</Name></Connector></connectors></ImportExportXml>")
            .unwrap();
        let root = d.root_element();
        let c = child(root, "Connectors").unwrap();
        assert_eq!(children(c, "connector").count(), 1);
        assert_eq!(
            child_text(descendant(root, "CONNECTOR").unwrap(), "name").as_deref(),
            Some("a")
        );
        assert!(parse("<a><b></a>").unwrap_err().contains("1:"));
    }
}
