//! No `api-version` header: progenitor adds one from the spec's `info.version` to every request,
//! which neither Twilio nor the gateway knows. Removing it here, in the generated code, means no
//! request builds it (a header map allocated, the header merged into the request's, then taken
//! out again by a hook) on every call.
//!
//! Each operation's `send` holds `header_map.append(HeaderName::from_static("api-version"), ..)`
//! after `let mut header_map = HeaderMap::with_capacity(N)`: the statement is dropped and the map
//! made with `HeaderMap::new()`, which allocates only when a header parameter is given (the
//! optional `Maton-Connection`, which the facade sets in its transport instead).

use quote::ToTokens;
use syn::visit_mut::VisitMut;
use syn::{Expr, Lit, Stmt};

/// Removes the header from every operation; returns how many operations it was removed from.
pub fn apply(file: &mut syn::File) -> Result<usize, String> {
    let mut pass = DropApiVersion {
        removed: 0,
        error: None,
    };
    pass.visit_file_mut(file);
    match pass.error {
        Some(error) => Err(error),
        None => Ok(pass.removed),
    }
}

struct DropApiVersion {
    removed: usize,
    error: Option<String>,
}

impl VisitMut for DropApiVersion {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        syn::visit_mut::visit_block_mut(self, block);
        let before = block.stmts.len();
        block.stmts.retain(|stmt| !is_api_version_append(stmt));
        let removed = before - block.stmts.len();
        if removed == 0 {
            return;
        }
        if removed > 1 || !lower_capacity(&mut block.stmts) {
            self.error = Some(
                "an `api-version` header was not added once, after `HeaderMap::with_capacity`"
                    .into(),
            );
        }
        self.removed += 1;
    }
}

/// `header_map.append(<... "api-version" ...>, ...);`
fn is_api_version_append(stmt: &Stmt) -> bool {
    let Stmt::Expr(Expr::MethodCall(call), Some(_)) = stmt else {
        return false;
    };
    call.method == "append"
        && call.receiver.to_token_stream().to_string() == "header_map"
        && call.args.first().is_some_and(|name| {
            name.to_token_stream()
                .to_string()
                .contains("\"api-version\"")
        })
}

/// `let mut header_map = ...::HeaderMap::with_capacity(Nusize);` (`N >= 1`) becomes
/// `HeaderMap::new()`.
fn lower_capacity(stmts: &mut [Stmt]) -> bool {
    // Without a header parameter nothing is added to the map any more: it needs no `mut`.
    let appends = stmts.iter().any(|stmt| {
        stmt.to_token_stream()
            .to_string()
            .contains("header_map . append")
    });
    for stmt in stmts {
        let Stmt::Local(local) = stmt else { continue };
        if local.pat.to_token_stream().to_string() != "mut header_map" {
            continue;
        }
        let Some(Expr::Call(call)) = local.init.as_mut().map(|init| &mut *init.expr) else {
            return false;
        };
        if !call
            .func
            .to_token_stream()
            .to_string()
            .ends_with("HeaderMap :: with_capacity")
        {
            return false;
        }
        let Some(Expr::Lit(lit)) = call.args.first() else {
            return false;
        };
        let Lit::Int(n) = &lit.lit else { return false };
        if !n.base10_parse::<usize>().is_ok_and(|n| n > 0) {
            return false;
        }
        if let Some(init) = local.init.as_mut() {
            *init.expr = syn::parse_quote!(::reqwest::header::HeaderMap::new());
        }
        if !appends {
            local.pat = syn::parse_quote!(header_map);
        }
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn send_of(headers: proc_macro2::TokenStream) -> syn::File {
        syn::parse_quote! {
            impl<'a> FetchCall<'a> {
                pub async fn send(self) -> Result<(), ()> {
                    let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
                    header_map
                        .append(
                            ::reqwest::header::HeaderName::from_static("api-version"),
                            ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
                        );
                    #headers
                    let request = client.client.get(url).headers(header_map).build()?;
                    Ok(())
                }
            }
        }
    }

    #[test]
    fn the_header_is_never_built_and_the_map_shrinks() {
        let mut file = send_of(quote! {
            if let Some(value) = maton_connection {
                header_map.append("Maton-Connection", value.to_string().try_into()?);
            }
        });
        assert_eq!(apply(&mut file).unwrap(), 1);
        let code = quote!(#file).to_string().replace(' ', "");
        assert!(!code.contains("api-version"), "{code}");
        assert!(
            code.contains("letmutheader_map=::reqwest::header::HeaderMap::new();"),
            "{code}"
        );
        assert!(
            code.contains("header_map.append(\"Maton-Connection\""),
            "{code}"
        );
    }

    #[test]
    fn a_header_added_without_its_map_is_an_error() {
        let mut file: syn::File = syn::parse_quote! {
            fn send() {
                let mut header_map = ::reqwest::header::HeaderMap::new();
                header_map.append(HeaderName::from_static("api-version"), v);
            }
        };
        assert!(apply(&mut file).unwrap_err().contains("api-version"));
    }

    #[test]
    fn a_map_nothing_is_added_to_is_not_mutable() {
        let mut file = send_of(quote! {});
        assert_eq!(apply(&mut file).unwrap(), 1);
        let code = quote!(#file).to_string().replace(' ', "");
        assert!(
            code.contains("letheader_map=::reqwest::header::HeaderMap::new();"),
            "{code}"
        );
    }
}
