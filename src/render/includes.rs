//! Templates that include each other in a loop would recurse until the stack overflows, which
//! aborts the process with no word of which template is at fault. Tera catches `extends`
//! loops but not `include` loops, so they are found here, before anything renders.

use std::collections::{BTreeMap, BTreeSet};

use tera::ast::Node;
use tera::Tera;

/// A loop of `{% include %}`s, as the template names in order (the first repeated at the end),
/// if there is one.
pub fn include_loop(tera: &Tera) -> Option<Vec<String>> {
    let graph: BTreeMap<&str, BTreeSet<&str>> = tera
        .templates
        .iter()
        .map(|(name, template)| {
            let mut included = BTreeSet::new();
            collect(&template.ast, &mut included);
            for definition in template.macros.values() {
                collect(&definition.body, &mut included);
            }
            (name.as_str(), included)
        })
        .collect();
    let mut done = BTreeSet::new();
    for &start in graph.keys() {
        let mut path = Vec::new();
        if let Some(found) = visit(start, &graph, &mut path, &mut done) {
            return Some(found);
        }
    }
    None
}

/// Depth-first search; `path` holds the templates being visited, so meeting one again is a loop.
fn visit<'t>(
    name: &'t str,
    graph: &BTreeMap<&'t str, BTreeSet<&'t str>>,
    path: &mut Vec<&'t str>,
    done: &mut BTreeSet<&'t str>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|&p| p == name) {
        let mut found: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
        found.push(name.to_string());
        return Some(found);
    }
    if !done.insert(name) {
        return None;
    }
    path.push(name);
    for &next in graph.get(name).into_iter().flatten() {
        if let Some(found) = visit(next, graph, path, done) {
            return Some(found);
        }
    }
    path.pop();
    None
}

fn collect<'t>(nodes: &'t [Node], included: &mut BTreeSet<&'t str>) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => included.extend(names.iter().map(String::as_str)),
            Node::Block(_, block, _) => collect(&block.body, included),
            Node::Forloop(_, forloop, _) => {
                collect(&forloop.body, included);
                if let Some(body) = &forloop.empty_body {
                    collect(body, included);
                }
            }
            Node::If(branches, _) => {
                for (_, _, body) in &branches.conditions {
                    collect(body, included);
                }
                if let Some((_, body)) = &branches.otherwise {
                    collect(body, included);
                }
            }
            Node::FilterSection(_, section, _) => collect(&section.body, included),
            Node::MacroDefinition(_, definition, _) => collect(&definition.body, included),
            _ => {}
        }
    }
}
