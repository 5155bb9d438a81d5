//! What the generated Rust API consists of — types with their fields, client methods,
//! operation constants — so that two generations can be compared item by item.

use quote::ToTokens;
use std::collections::BTreeMap;
use syn::{Fields, ImplItem, Item};

/// Items of a generated file: name → a canonical text of its definition.
#[derive(Default, Debug, PartialEq, Eq)]
pub struct ApiSummary {
    items: BTreeMap<String, String>,
}

impl ApiSummary {
    /// Reads a generated file; an unparsable one gives an empty summary.
    pub fn of(code: &str) -> Self {
        let mut summary = Self::default();
        if let Ok(file) = syn::parse_file(code) {
            summary.collect(&file.items, "");
        }
        summary
    }

    fn collect(&mut self, items: &[Item], module: &str) {
        for item in items {
            match item {
                Item::Mod(m) if matches!(m.ident.to_string().as_str(), "types" | "operations") => {
                    if let Some((_, inner)) = &m.content {
                        self.collect(inner, &format!("{}::", m.ident));
                    }
                }
                Item::Struct(s) if module == "types::" => {
                    let fields = match &s.fields {
                        Fields::Named(named) => named
                            .named
                            .iter()
                            .map(|f| {
                                let name = f.ident.as_ref().map(ToString::to_string).unwrap_or_default();
                                format!("{name}: {}", f.ty.to_token_stream())
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                        other => other.to_token_stream().to_string(),
                    };
                    self.items.insert(format!("type {module}{}", s.ident), fields);
                }
                Item::Enum(e) if module == "types::" => {
                    self.items.insert(
                        format!("type {module}{}", e.ident),
                        e.variants.to_token_stream().to_string(),
                    );
                }
                Item::Const(c) if module == "operations::" => {
                    self.items.insert(
                        format!("operation constant {module}{}", c.ident),
                        c.expr.to_token_stream().to_string(),
                    );
                }
                Item::Impl(i)
                    if module.is_empty()
                        && i.trait_.is_none()
                        && i.self_ty.to_token_stream().to_string() == "Client" =>
                {
                    for member in &i.items {
                        if let ImplItem::Fn(f) = member {
                            self.items.insert(
                                format!("method Client::{}", f.sig.ident),
                                f.sig.to_token_stream().to_string(),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Lines `added …`, `removed …`, `changed …`, one per item that differs.
    pub fn changes_from(&self, old: &ApiSummary) -> Vec<String> {
        let mut lines = Vec::new();
        for (name, definition) in &old.items {
            match self.items.get(name) {
                None => lines.push(format!("removed  {name}")),
                Some(new) if new != definition => {
                    lines.push(format!("changed  {name}: {definition}  =>  {new}"))
                }
                Some(_) => {}
            }
        }
        for name in self.items.keys().filter(|n| !old.items.contains_key(*n)) {
            lines.push(format!("added    {name}"));
        }
        lines
    }
}
