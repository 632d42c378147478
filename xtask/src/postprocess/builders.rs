//! Type builders only where they are used: progenitor writes a builder (`types::builder::X`, with
//! `X::builder()`) for every model, but only request bodies are ever built by callers (the
//! operation builders' `body_map`); response models are decoded, never assembled. Dropping the
//! builders of the response models halves the generated crate, and with it its build time.
//! A `defaults` function only a dropped builder called goes with it.

use std::collections::HashSet;

use syn::{ImplItem, Item};

use super::{identifiers, module_items, submodule};

/// Keeps the type builders of `keep` (the request bodies) and drops the others; returns how many
/// models lost their builder.
pub fn apply(file: &mut syn::File, keep: &[String]) -> Result<usize, String> {
    let keep: HashSet<&str> = keep.iter().map(String::as_str).collect();
    let types = module_items(file, "types")?;
    let mut dropped = HashSet::new();
    // `impl X { pub fn builder() -> builder::X }` of a response model.
    types.retain(|item| match builder_constructor_of(item) {
        Some(name) if !keep.contains(name.as_str()) => {
            dropped.insert(name);
            false
        }
        _ => true,
    });
    let builder = submodule(types, "builder").ok_or("`types` has no `builder` module")?;
    builder.retain(|item| match model_of(item) {
        Some(name) => keep.contains(name.as_str()),
        None => true,
    });
    let kept_builders: HashSet<String> = builder.iter().flat_map(identifiers).collect();
    // What still calls a `defaults` function: the kept builders, and the models' own
    // `#[serde(default = "defaults::f")]`.
    let still_named: HashSet<String> = types
        .iter()
        .filter(|item| !matches!(item, Item::Mod(m) if m.ident == "defaults"))
        .flat_map(identifiers)
        .collect();
    if let Some(defaults) = submodule(types, "defaults") {
        defaults.retain(|item| match item {
            Item::Fn(f) => still_named.contains(&f.sig.ident.to_string()),
            _ => true,
        });
    }
    if let Some(missing) = keep.iter().find(|name| !kept_builders.contains(**name)) {
        return Err(format!(
            "request body `{missing}` has no type builder to keep"
        ));
    }
    Ok(dropped.len())
}

/// `X` for `impl X { pub fn builder() -> ... }`.
fn builder_constructor_of(item: &Item) -> Option<String> {
    let Item::Impl(imp) = item else { return None };
    if imp.trait_.is_some() || imp.items.len() != 1 {
        return None;
    }
    let ImplItem::Fn(f) = &imp.items[0] else {
        return None;
    };
    if f.sig.ident != "builder" {
        return None;
    }
    last_ident(&imp.self_ty)
}

/// The model an item of `types::builder` belongs to: the struct's name, or the (last segment
/// of the) type an impl is for (`impl TryFrom<X> for super::X`).
fn model_of(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Impl(imp) => last_ident(&imp.self_ty),
        _ => None,
    }
}

fn last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::apply;

    #[test]
    fn only_request_bodies_keep_their_builders_and_defaults() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct CreateXRequest;
                impl CreateXRequest { pub fn builder() -> builder::CreateXRequest { todo!() } }
                pub struct X;
                impl X { pub fn builder() -> builder::X { todo!() } }
                impl X { pub fn other(&self) {} }
                pub mod builder {
                    pub struct CreateXRequest { a: Option<i64> }
                    impl Default for CreateXRequest { fn default() -> Self { Self { a: super::defaults::create_x_request_a() } } }
                    pub struct X { b: Option<i64> }
                    impl Default for X { fn default() -> Self { Self { b: super::defaults::x_b() } } }
                    impl TryFrom<X> for super::X { type Error = (); fn try_from(v: X) -> Result<Self, ()> { todo!() } }
                }
                pub mod defaults {
                    pub(super) fn create_x_request_a() -> Option<i64> { None }
                    pub(super) fn x_b() -> Option<i64> { None }
                }
            }
        };
        assert_eq!(apply(&mut file, &["CreateXRequest".into()]).unwrap(), 1);
        let text = file.to_token_stream().to_string().replace(' ', "");
        assert!(text.contains("pubstructCreateXRequest{a"), "{text}");
        assert!(text.contains("fncreate_x_request_a"), "{text}");
        assert!(text.contains("implX{pubfnother"), "{text}");
        for gone in [
            "pubstructX{b",
            "fnx_b",
            "implTryFrom<X>",
            "implX{pubfnbuilder",
        ] {
            assert!(!text.contains(gone), "{gone} is still there: {text}");
        }
    }
}
