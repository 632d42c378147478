//! The post-pass: finishes progenitor's output on the syntax tree, before it is formatted.
//!
//! - Adds the open enums planned by [`crate::normalise`] to the `types` module.
//! - Gives every form body a `Serialize` impl that writes a sequence of `(key, value)` pairs, so
//!   that array fields go out as repeated keys (`MediaUrl=a&MediaUrl=b`): `serde_urlencoded`
//!   refuses a sequence inside a struct field, which is what typify's derive would produce.
//! - Puts the wire names of renamed range filters (`DateSent>`) back into the query code.
//! - Gives each operation's `OperationInfo` the spec's `operationId` (`CreateMessage`) instead of
//!   progenitor's method name (`create_message`), so that traces and errors name operations the
//!   way the spec and Twilio do.
//! - Lets every request builder own a clone of its client ([`owned`]: `into_owned()`).
//! - Drops the `api-version` header progenitor adds to every request ([`api_version`]).
//! - Keeps a request body given finished as it is, without a builder round trip
//!   ([`request_body`]).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;
use syn::{Fields, GenericArgument, Item, ItemStruct, LitStr, PathArguments, Type};

use crate::normalise::{EnumDef, Plan};

mod api_version;
mod builders;
mod features;
mod owned;
mod redirect;
mod request_body;

/// Applies every step of the post-pass.
pub fn apply(file: &mut syn::File, plan: &Plan) -> Result<(), String> {
    let items = module_items(file, "types")?;

    for name in &plan.form_bodies {
        let ident = enum_ident(name);
        let strukt = items
            .iter_mut()
            .find_map(|item| match item {
                Item::Struct(s) if s.ident == ident => Some(s),
                _ => None,
            })
            .ok_or_else(|| format!("form body `{name}` was not generated as a struct"))?;
        let serialize = form_serialize_impl(strukt)?;
        remove_serialize_derive(strukt);
        items.push(syn::parse2(serialize).map_err(|e| format!("form body `{name}`: {e}"))?);
    }

    for def in &plan.enums {
        let tokens = open_enum(def)?;
        let parsed: syn::File =
            syn::parse2(tokens).map_err(|e| format!("enum `{}`: {e}", def.name))?;
        items.extend(parsed.items);
    }

    let mut ids = SpecOperationIds {
        by_method: plan
            .operation_ids
            .iter()
            .map(|id| (snake_case(id), id.clone()))
            .collect(),
        unknown: Vec::new(),
    };
    ids.visit_file_mut(file);
    if let Some(unknown) = ids.unknown.first() {
        return Err(format!(
            "operation `{unknown}` matches no operationId of the spec"
        ));
    }

    if !plan.renamed_params.is_empty() {
        let mut restore = RestoreWireNames { plan, restored: 0 };
        restore.visit_file_mut(file);
        if restore.restored == 0 {
            return Err("range filters were renamed but none was found in the output".into());
        }
    }
    owned::apply(file)?;
    if api_version::apply(file)? == 0 {
        return Err("no operation adds the `api-version` header: the post-pass is stale".into());
    }
    request_body::apply(file)?;
    redirect::apply(file, &plan.redirects)?;
    builders::apply(file, &plan.request_bodies)?;
    features::apply(file, &plan.features)?;
    Ok(())
}

/// The items of progenitor's top-level module `name` (`types`, `builder`), which the passes edit.
fn module_items<'a>(file: &'a mut syn::File, name: &str) -> Result<&'a mut Vec<Item>, String> {
    submodule(&mut file.items, name)
        .ok_or_else(|| format!("progenitor's output has no `{name}` module"))
}

/// The items of the inline module `name` among `items` (`types::builder`, `types::defaults`).
fn submodule<'a>(items: &'a mut [Item], name: &str) -> Option<&'a mut Vec<Item>> {
    items.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == name => m.content.as_mut().map(|c| &mut c.1),
        _ => None,
    })
}

/// Every identifier in `item`, and every `f` a `#[serde(default = "defaults::f")]` names in a
/// string: what the passes look for when they ask which models and functions an item uses.
fn identifiers(item: &Item) -> std::collections::HashSet<String> {
    fn walk(tokens: proc_macro2::TokenStream, out: &mut std::collections::HashSet<String>) {
        for token in tokens {
            match token {
                proc_macro2::TokenTree::Ident(ident) => {
                    out.insert(ident.to_string());
                }
                proc_macro2::TokenTree::Group(group) => walk(group.stream(), out),
                proc_macro2::TokenTree::Literal(literal) => {
                    let text = literal.to_string();
                    if let Some(name) = text.trim_matches('"').strip_prefix("defaults::") {
                        out.insert(name.to_string());
                    }
                }
                proc_macro2::TokenTree::Punct(_) => {}
            }
        }
    }
    let mut out = std::collections::HashSet::new();
    walk(quote::ToTokens::to_token_stream(item), &mut out);
    out
}

/// The field `name` of a struct with named fields.
fn named_field<'a>(fields: &'a mut Fields, name: &str) -> Option<&'a mut syn::Field> {
    let Fields::Named(fields) = fields else {
        return None;
    };
    fields
        .named
        .iter_mut()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == name))
}

/// The Rust name of a schema: schema names are already PascalCase identifiers by convention.
pub fn enum_ident(name: &str) -> String {
    name.to_string()
}

struct RestoreWireNames<'a> {
    plan: &'a Plan,
    restored: usize,
}

impl VisitMut for RestoreWireNames<'_> {
    fn visit_lit_str_mut(&mut self, lit: &mut LitStr) {
        if let Some(wire) = self.plan.renamed_params.get(&lit.value()) {
            *lit = LitStr::new(wire, lit.span());
            self.restored += 1;
        }
    }
}

struct SpecOperationIds {
    by_method: std::collections::BTreeMap<String, String>,
    unknown: Vec<String>,
}

impl VisitMut for SpecOperationIds {
    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        if expr
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "OperationInfo")
        {
            for field in &mut expr.fields {
                let is_id = matches!(&field.member, syn::Member::Named(n) if n == "operation_id");
                if let (
                    true,
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(lit),
                        ..
                    }),
                ) = (is_id, &mut field.expr)
                {
                    match self.by_method.get(&lit.value()) {
                        Some(id) => *lit = LitStr::new(id, lit.span()),
                        None => self.unknown.push(lit.value()),
                    }
                }
            }
        }
        syn::visit_mut::visit_expr_struct_mut(self, expr);
    }
}

/// `ListUsageRecordAllTime` -> `list_usage_record_all_time`, as progenitor names methods.
fn snake_case(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn remove_serialize_derive(strukt: &mut ItemStruct) {
    for attr in &mut strukt.attrs {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let Ok(paths) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let kept: Vec<&syn::Path> = paths
            .iter()
            .filter(|p| p.segments.last().is_none_or(|s| s.ident != "Serialize"))
            .collect();
        *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
    }
}

/// `Serialize` as a sequence of `(wire name, value)` pairs, one per scalar value, in field order.
fn form_serialize_impl(strukt: &ItemStruct) -> Result<TokenStream, String> {
    let Fields::Named(fields) = &strukt.fields else {
        return Err(format!(
            "form body `{}` is not a struct with named fields",
            strukt.ident
        ));
    };
    let mut steps = Vec::new();
    for field in &fields.named {
        let ident = field.ident.as_ref().ok_or("unnamed field")?;
        let wire = serde_rename(field)?.unwrap_or_else(|| ident.to_string());
        let access = quote!(&self.#ident);
        steps.push(emit_pairs(&field.ty, &wire, access, 0));
    }
    let name = &strukt.ident;
    Ok(quote! {
        /// Written as `(key, value)` pairs so that list fields repeat their key on the wire.
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeSeq as _;
                let mut pairs = serializer.serialize_seq(None)?;
                #(#steps)*
                pairs.end()
            }
        }
    })
}

fn emit_pairs(ty: &Type, wire: &str, value: TokenStream, depth: usize) -> TokenStream {
    let var = format_ident!("value{}", depth);
    match wrapper(ty) {
        Some(("Option", inner)) => {
            let body = emit_pairs(inner, wire, quote!(#var), depth + 1);
            quote! { if let Some(#var) = #value { #body } }
        }
        Some(("Vec", inner)) => {
            let body = emit_pairs(inner, wire, quote!(#var), depth + 1);
            quote! { for #var in #value { #body } }
        }
        _ => {
            let key = LitStr::new(wire, Span::call_site());
            quote! { pairs.serialize_element(&(#key, #value))?; }
        }
    }
}

/// `Option<T>` / `Vec<T>` (by last path segment) and their `T`.
fn wrapper(ty: &Type) -> Option<(&'static str, &Type)> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    let kind = match last.ident.to_string().as_str() {
        "Option" => "Option",
        "Vec" => "Vec",
        _ => return None,
    };
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some((kind, inner)),
        _ => None,
    }
}

fn serde_rename(field: &syn::Field) -> Result<Option<String>, String> {
    let mut rename = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: LitStr = meta.value()?.parse()?;
                rename = Some(lit.value());
            } else if meta.path.is_ident("flatten") {
                return Err(meta.error("flattened fields cannot be form-encoded"));
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        })
        .map_err(|e| format!("field `{:?}`: {e}", field.ident))?;
    }
    Ok(rename)
}

/// An open enum: one variant per value the spec lists, and `Unknown(String)` for the rest, so a
/// value Twilio adds later decodes instead of failing the whole response.
fn open_enum(def: &EnumDef) -> Result<TokenStream, String> {
    let name = format_ident!("{}", enum_ident(&def.name));
    let mut variants = Vec::new();
    for value in &def.values {
        let ident = variant_ident(value)
            .ok_or_else(|| format!("enum `{}`: value `{value}` gives no Rust name", def.name))?;
        if ident == "Unknown" || variants.iter().any(|(v, _): &(String, _)| *v == ident) {
            return Err(format!(
                "enum `{}`: two values (or `Unknown`) map to the variant `{ident}`",
                def.name
            ));
        }
        variants.push((ident, value.clone()));
    }
    let doc = def
        .description
        .clone()
        .unwrap_or_else(|| format!("`{}` values.", def.name));
    let idents: Vec<_> = variants.iter().map(|(v, _)| format_ident!("{v}")).collect();
    let values: Vec<_> = variants.iter().map(|(_, w)| w.as_str()).collect();
    let variant_docs: Vec<_> = values.iter().map(|w| format!("`{w}`")).collect();
    Ok(quote! {
        #[doc = #doc]
        ///
        /// Open: a value this version of the spec does not list decodes as `Unknown`.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #[doc = #variant_docs] #idents, )*
            /// A value the spec does not list, kept as sent.
            Unknown(::std::string::String),
        }

        impl #name {
            /// Every value the spec lists.
            pub const KNOWN: &'static [#name] = &[#(#name::#idents),*];

            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #name::#idents => #values, )*
                    #name::Unknown(other) => other.as_str(),
                }
            }

            /// Whether the value is one the spec does not list.
            pub fn is_unknown(&self) -> bool {
                matches!(self, #name::Unknown(_))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => #name::#idents, )*
                    other => #name::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match #name::from(value.as_str()) {
                    #name::Unknown(_) => #name::Unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(#name::from(value))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(#name::from(value.as_ref()))
            }
        }
    })
}

/// `in-progress` -> `InProgress`, `outbound-api` -> `OutboundApi`, `API_KEY` -> `ApiKey`.
fn variant_ident(value: &str) -> Option<String> {
    let mut out = String::new();
    for word in value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        let first = chars.next()?;
        out.push(first.to_ascii_uppercase());
        let rest: String = chars.collect();
        // Keep camel humps in mixed-case words (`Trial`), lower-case shouted ones (`ACTIVE`).
        if rest.chars().any(|c| c.is_ascii_lowercase()) {
            out.push_str(&rest);
        } else {
            out.push_str(&rest.to_ascii_lowercase());
        }
    }
    match out.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => Some(out),
        Some(_) => Some(format!("V{out}")),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names() {
        for (value, ident) in [
            ("in-progress", "InProgress"),
            ("outbound-api", "OutboundApi"),
            ("API_KEY", "ApiKey"),
            ("ACTIVE", "Active"),
            ("Trial", "Trial"),
            ("partially_delivered", "PartiallyDelivered"),
            ("GET", "Get"),
            ("5xx", "V5xx"),
        ] {
            assert_eq!(variant_ident(value).as_deref(), Some(ident), "{value}");
        }
        assert_eq!(variant_ident("--"), None);
    }

    #[test]
    fn operation_ids_map_back_from_method_names() {
        assert_eq!(
            snake_case("ListUsageRecordAllTime"),
            "list_usage_record_all_time"
        );
        assert_eq!(snake_case("CreateMessage"), "create_message");
    }

    #[test]
    fn colliding_enum_values_are_refused() {
        let def = EnumDef {
            name: "E".into(),
            description: None,
            values: vec!["in-progress".into(), "in_progress".into()],
        };
        assert!(open_enum(&def).unwrap_err().contains("InProgress"));
    }

    #[test]
    fn form_impl_repeats_list_fields_and_skips_absent_ones() {
        let strukt: ItemStruct = syn::parse_quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone)]
            pub struct CreateMessageRequest {
                #[serde(rename = "To")]
                pub to: String,
                #[serde(rename = "Body", default, skip_serializing_if = "Option::is_none")]
                pub body: Option<String>,
                #[serde(rename = "MediaUrl", default, skip_serializing_if = "Vec::is_empty")]
                pub media_url: Vec<String>,
            }
        };
        let code = form_serialize_impl(&strukt).unwrap().to_string();
        assert!(
            code.contains(r#"serialize_element (& ("To" , & self . to))"#),
            "{code}"
        );
        assert!(
            code.contains(r#"if let Some (value0) = & self . body"#),
            "{code}"
        );
        assert!(
            code.contains(r#"for value0 in & self . media_url"#),
            "{code}"
        );
        let mut stripped = strukt.clone();
        remove_serialize_derive(&mut stripped);
        let derive = quote!(#stripped).to_string();
        assert!(
            !derive.contains("Serialize ,") && derive.contains("Deserialize"),
            "{derive}"
        );
    }
}
