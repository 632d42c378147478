//! Operations whose one answer is a redirect: Twilio's add-on payload data answers `307` with
//! the data's location (its `Location` header and a JSON `redirect_to`), and the client follows
//! no redirect (the key must not travel to wherever it points). The normaliser hands such an
//! operation to progenitor as a `2XX` success; here its `send` is narrowed to the documented
//! status, so the body is decoded as the operation's model on that status and any other status
//! goes where progenitor sends an unexpected answer.

use quote::quote;

use syn::visit_mut::VisitMut;
use syn::{Arm, Item, Pat};

use super::module_items;

/// Narrows the success arm of each `(operation id, status)` in `redirects`.
pub fn apply(file: &mut syn::File, redirects: &[(String, u16)]) -> Result<(), String> {
    if redirects.is_empty() {
        return Ok(());
    }
    let items = module_items(file, "builder")?;
    for (id, status) in redirects {
        let mut pass = Narrow {
            status: *status,
            narrowed: 0,
        };
        for item in items.iter_mut() {
            if let Item::Impl(imp) = item
                && let syn::Type::Path(ty) = &*imp.self_ty
                && ty.path.segments.last().is_some_and(|s| s.ident == id)
            {
                pass.visit_item_impl_mut(imp);
            }
        }
        if pass.narrowed != 1 {
            return Err(format!(
                "`{id}`: expected one `200..=299` success arm to narrow to {status}, found {}",
                pass.narrowed
            ));
        }
    }
    Ok(())
}

struct Narrow {
    status: u16,
    narrowed: usize,
}

impl VisitMut for Narrow {
    fn visit_arm_mut(&mut self, arm: &mut Arm) {
        if let Pat::Range(range) = &arm.pat
            && is_success_range(&quote!(#range).to_string())
        {
            let status = self.status;
            arm.pat = syn::parse_quote!(#status);
            self.narrowed += 1;
        }
        syn::visit_mut::visit_arm_mut(self, arm);
    }
}

/// Whether a range pattern, as tokens, is progenitor's `200..=299` (with or without `u16`).
fn is_success_range(tokens: &str) -> bool {
    tokens.replace([' ', '_'], "").replace("u16", "") == "200..=299"
}
