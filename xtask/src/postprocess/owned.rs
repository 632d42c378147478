//! Request builders that can own their client: `into_owned()` on every operation builder.
//!
//! progenitor's builders borrow the client (`client: &'a Client`), so a builder cannot outlive
//! the borrow it was made from: a library that keeps a half-built request in its own type (the
//! facade's list builders, which own their `maton_twilio::Client`) could not hold one. This pass
//! makes the field a `Cow<'a, Client>`: `Client::list_call()` still lends the client (the same
//! API and cost as before), and `into_owned()` gives a `'static` builder holding a clone of the
//! client (its base URL string and two reference counts).

use quote::quote;
use syn::visit_mut::VisitMut;
use syn::{Ident, Item, Type};

/// Rewrites the top-level `builder` module; returns how many builders it changed.
pub fn apply(file: &mut syn::File) -> Result<usize, String> {
    let items = super::module_items(file, "builder")?;
    let mut builders: Vec<(Ident, Vec<Ident>)> = Vec::new();
    for item in items.iter_mut() {
        let Item::Struct(strukt) = item else { continue };
        let Some(client) = super::named_field(&mut strukt.fields, "client") else {
            continue;
        };
        if !is_borrowed_client(&client.ty) {
            return Err(format!(
                "builder `{}` holds its client in a way this pass does not know",
                strukt.ident
            ));
        }
        client.ty = syn::parse_quote!(::std::borrow::Cow<'a, super::Client>);
        let others = strukt
            .fields
            .iter()
            .filter_map(|f| f.ident.clone())
            .filter(|i| i != "client")
            .collect();
        builders.push((strukt.ident.clone(), others));
    }
    let mut lend = LendInNew { rewritten: 0 };
    for item in items.iter_mut() {
        lend.visit_item_mut(item);
    }
    if lend.rewritten != builders.len() {
        return Err(format!(
            "{} builders hold a client but {} constructors were rewritten",
            builders.len(),
            lend.rewritten
        ));
    }
    for (name, fields) in &builders {
        let tokens = quote! {
            impl<'a> #name<'a> {
                /// This builder with its own clone of the client, so that it can outlive the
                /// client it was made from.
                pub fn into_owned(self) -> #name<'static> {
                    #name {
                        client: ::std::borrow::Cow::Owned(self.client.into_owned()),
                        #(#fields: self.#fields,)*
                    }
                }
            }
        };
        items.push(syn::parse2(tokens).map_err(|e| format!("builder `{name}`: {e}"))?);
    }
    Ok(builders.len())
}

/// `&'a super::Client`, as progenitor writes it.
fn is_borrowed_client(ty: &Type) -> bool {
    matches!(ty, Type::Reference(r) if r.mutability.is_none()
        && quote!(#r).to_string().replace(' ', "") == "&'asuper::Client")
}

/// In each builder's `new`, `client: client` becomes `client: Cow::Borrowed(client)`.
struct LendInNew {
    rewritten: usize,
}

impl VisitMut for LendInNew {
    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        let is_client = matches!(&field.member, syn::Member::Named(n) if n == "client");
        let is_bare = matches!(&field.expr, syn::Expr::Path(p) if p.path.is_ident("client"));
        if is_client && is_bare {
            field.expr = syn::parse_quote!(::std::borrow::Cow::Borrowed(client));
            self.rewritten += 1;
        }
        syn::visit_mut::visit_field_value_mut(self, field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_lend_their_client_and_can_own_a_clone() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod builder {
                pub struct ListCall<'a> {
                    client: &'a super::Client,
                    to: Result<Option<String>, String>,
                }
                impl<'a> ListCall<'a> {
                    pub fn new(client: &'a super::Client) -> Self {
                        Self { client: client, to: Ok(None) }
                    }
                }
            }
        };
        assert_eq!(apply(&mut file).unwrap(), 1);
        let code = quote!(#file).to_string().replace(' ', "");
        assert!(
            code.contains("client:::std::borrow::Cow<'a,super::Client>"),
            "{code}"
        );
        assert!(
            code.contains("client:::std::borrow::Cow::Borrowed(client)"),
            "{code}"
        );
        assert!(
            code.contains("pubfninto_owned(self)->ListCall<'static>"),
            "{code}"
        );
        assert!(code.contains("to:self.to,"), "{code}");
    }

    #[test]
    fn an_unknown_client_field_is_an_error() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod builder {
                pub struct ListCall<'a> {
                    client: std::sync::Arc<super::Client>,
                    marker: &'a (),
                }
            }
        };
        assert!(apply(&mut file).unwrap_err().contains("ListCall"));
    }
}
