//! The operation table generated beside each spec's client (`generated/<module>_ops.rs`).
//!
//! From the same spec text as the client: an `Operation` enum with one variant per
//! `operationId`, its method, path template, path parameters (checked against their schema's
//! pattern), success type, and for list operations the item key and page type; plus an
//! implementation of `crate::ListPage` for every `*Page` type. Hand-written code routes, pages and
//! tests by this table instead of repeating the spec's facts.

use std::collections::BTreeMap;

use maton_contract_tests::spec::{self, SpecOperation};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

/// The paging envelope every list response carries besides its items, with Rust field names.
const ENVELOPE: [&str; 11] = [
    "page",
    "page_size",
    "start",
    "end",
    "uri",
    "first_page_uri",
    "next_page_uri",
    "previous_page_uri",
    "last_page_uri",
    "total",
    "num_pages",
];

/// One operation as the table describes it.
struct Op {
    id: String,
    method: String,
    path: String,
    /// Path parameters whose schema is a named one (`AccountSid`): `(name, schema)`.
    typed_params: Vec<(String, String)>,
    success: Option<String>,
}

/// A list response type: its item key and item type.
struct PageType {
    item_key: String,
    item: String,
}

/// The table of one spec, as the text of a Rust module. `spec` is the spec as written (before
/// normalisation); `module` is the spec's module in the generated crate.
pub fn generate(spec: &Value, module: &str) -> Result<String, String> {
    let ops = operations(spec)?;
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut pages: BTreeMap<String, PageType> = BTreeMap::new();
    for op in &ops {
        if let Some(name) = &op.success
            && let Some(page) = page_type(name, schemas.get(name))?
        {
            pages.insert(name.clone(), page);
        }
    }
    if module != "twilio" && !pages.is_empty() {
        return Err(format!(
            "list pages are only supported in the twilio spec, not in `{module}`"
        ));
    }

    let variants: Vec<_> = ops.iter().map(|o| format_ident!("{}", o.id)).collect();
    let docs: Vec<String> = ops
        .iter()
        .map(|o| format!("`{} {}`", o.method.to_ascii_uppercase(), o.path))
        .collect();
    let ids: Vec<&str> = ops.iter().map(|o| o.id.as_str()).collect();
    let paths: Vec<&str> = ops.iter().map(|o| o.path.as_str()).collect();
    let methods: Vec<_> = ops
        .iter()
        .map(|o| format_ident!("{}", o.method.to_ascii_uppercase()))
        .collect();
    let option = |v: Option<&str>| match v {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    };
    let success: Vec<_> = ops.iter().map(|o| option(o.success.as_deref())).collect();
    let item_keys: Vec<_> = ops
        .iter()
        .map(|o| {
            option(
                o.success
                    .as_ref()
                    .and_then(|s| pages.get(s))
                    .map(|p| p.item_key.as_str()),
            )
        })
        .collect();
    let page_types: Vec<_> = ops
        .iter()
        .map(|o| option(o.success.as_deref().filter(|s| pages.contains_key(*s))))
        .collect();
    let round_trips: Vec<_> = ops
        .iter()
        .map(|o| match &o.success {
            Some(ty) => {
                let ty = format_ident!("{ty}");
                quote!(Some(crate::operation::round_trip::<super::types::#ty>(body)))
            }
            None => quote!(None),
        })
        .collect();
    let decodes: Vec<_> = ops
        .iter()
        .map(|o| match &o.success {
            Some(ty) => {
                let ty = format_ident!("{ty}");
                quote!(Some(::serde_json::from_slice::<super::types::#ty>(body).map(drop)))
            }
            None => quote!(None),
        })
        .collect();
    let accepts: Vec<TokenStream> = ops
        .iter()
        .flat_map(|o| {
            let variant = format_ident!("{}", o.id);
            o.typed_params.iter().map(move |(name, schema)| {
                // A SID schema is generated as `maton-twilio-rules`' type of that name.
                let is_sid = spec
                    .pointer(&format!("/components/schemas/{schema}"))
                    .is_some_and(|s| crate::normalise::is_sid_schema(schema, s));
                let schema = format_ident!("{schema}");
                let ty = if is_sid {
                    quote!(::maton_twilio_rules::#schema)
                } else {
                    quote!(super::types::#schema)
                };
                quote! {
                    (Self::#variant, #name) => value.parse::<#ty>().is_ok(),
                }
            })
        })
        .collect();
    let page_impls: Vec<TokenStream> = pages
        .iter()
        .map(|(name, page)| {
            let ty = format_ident!("{name}");
            let item = format_ident!("{}", page.item);
            let key = format_ident!("{}", page.item_key);
            let wire_key = &page.item_key;
            let lists: Vec<_> = ops
                .iter()
                .filter(|o| o.success.as_deref() == Some(name.as_str()))
                .map(|o| format_ident!("{}", o.id))
                .collect();
            let fields: Vec<_> = ENVELOPE.iter().map(|f| format_ident!("{f}")).collect();
            quote! {
                impl crate::ListPage for super::types::#ty {
                    type Item = super::types::#item;
                    const ITEM_KEY: &'static str = #wire_key;
                    const OPERATIONS: &'static [Operation] = &[#(Operation::#lists),*];
                    fn into_parts(self) -> (Vec<Self::Item>, crate::PageFields) {
                        let mut fields = crate::PageFields::default();
                        #(fields.#fields = self.#fields;)*
                        (self.#key.unwrap_or_default(), fields)
                    }
                    fn from_parts(items: Vec<Self::Item>, fields: crate::PageFields) -> Self {
                        Self {
                            #key: Some(items),
                            #(#fields: fields.#fields,)*
                            extra: ::serde_json::Map::new(),
                        }
                    }
                }
            }
        })
        .collect();

    let enum_doc = format!(
        "Every operation of `spec/{module}.yaml`, by its `operationId`, with what the spec says \
         about it. Generated with the client, so it never disagrees with it."
    );
    let tokens = quote! {
        use ::reqwest::Method;

        #[doc = #enum_doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Operation {
            #(#[doc = #docs] #variants,)*
        }

        impl Operation {
            /// Every operation, by path template, then method.
            pub const ALL: &'static [Operation] = &[#(Self::#variants),*];

            /// The `operationId` (`CreateMessage`).
            pub const fn id(self) -> &'static str {
                match self { #(Self::#variants => #ids,)* }
            }

            /// The HTTP method.
            pub fn method(self) -> Method {
                match self { #(Self::#variants => Method::#methods,)* }
            }

            /// The path template relative to the server's base URL.
            pub const fn path(self) -> &'static str {
                match self { #(Self::#variants => #paths,)* }
            }

            /// The name of the success response's type in `types` (`Message`); `None` when the
            /// success carries no body.
            pub const fn success_type(self) -> Option<&'static str> {
                match self { #(Self::#variants => #success,)* }
            }

            /// For a list operation, the key its items are under (`messages`).
            pub const fn item_key(self) -> Option<&'static str> {
                match self { #(Self::#variants => #item_keys,)* }
            }

            /// For a list operation, its page type in `types` (`MessagePage`).
            pub const fn page_type(self) -> Option<&'static str> {
                match self { #(Self::#variants => #page_types,)* }
            }

            /// The operation `method` and `path` (relative to the base URL, without the query)
            /// name, with its path parameters.
            pub fn find<'p>(
                method: &Method,
                path: &'p str,
            ) -> Result<crate::Matched<'p, Self>, crate::NoMatch> {
                crate::operation::find(method, path)
            }

            /// Decodes `body` into the success type and encodes it back; `None` for an
            /// operation whose success has no body. For the tests' round trips.
            #[doc(hidden)]
            pub fn round_trip(
                self,
                body: &::serde_json::Value,
            ) -> Option<Result<::serde_json::Value, String>> {
                match self { #(Self::#variants => #round_trips,)* }
            }

            /// Whether `body` decodes into the success type; `None` for an operation whose
            /// success has no body. For the tests that feed hostile bodies to every decoder.
            #[doc(hidden)]
            pub fn decode_success(self, body: &[u8]) -> Option<Result<(), ::serde_json::Error>> {
                match self { #(Self::#variants => #decodes,)* }
            }
        }

        impl crate::OperationTable for Operation {
            const ALL: &'static [Self] = Self::ALL;
            fn id(self) -> &'static str {
                Operation::id(self)
            }
            fn method(self) -> Method {
                Operation::method(self)
            }
            fn path(self) -> &'static str {
                Operation::path(self)
            }
            #[allow(unused_variables, unreachable_patterns)]
            fn accepts(self, name: &str, value: &str) -> bool {
                match (self, name) {
                    #(#accepts)*
                    _ => true,
                }
            }
        }

        impl ::std::fmt::Display for Operation {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.id())
            }
        }

        impl AsRef<str> for Operation {
            fn as_ref(&self) -> &str {
                self.id()
            }
        }

        impl ::std::str::FromStr for Operation {
            type Err = crate::UnknownOperation;
            fn from_str(id: &str) -> Result<Self, Self::Err> {
                match id {
                    #(#ids => Ok(Self::#variants),)*
                    _ => Err(crate::UnknownOperation(id.to_string())),
                }
            }
        }

        impl PartialEq<&str> for Operation {
            fn eq(&self, other: &&str) -> bool {
                self.id() == *other
            }
        }

        #(#page_impls)*
    };
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("operation table: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

fn operations(spec: &Value) -> Result<Vec<Op>, String> {
    let mut ops = Vec::new();
    for SpecOperation {
        path,
        method,
        id,
        op,
        params,
    } in spec::operations(spec, &["get", "post", "put", "patch", "delete"])?
    {
        let typed_params = params
            .iter()
            .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
            .filter_map(|p| {
                let name = p.get("name")?.as_str()?;
                let schema = schema_ref(p.get("schema")?)?;
                Some((name.to_string(), schema.to_string()))
            })
            .collect();
        let success = op
            .get("responses")
            .and_then(Value::as_object)
            .and_then(|r| r.iter().find(|(code, _)| code.starts_with('2')))
            .and_then(|(_, response)| {
                response
                    .pointer("/content/application~1json/schema")
                    .and_then(schema_ref)
            })
            .map(str::to_string);
        ops.push(Op {
            id: id.to_string(),
            method: method.to_string(),
            path: path.to_string(),
            typed_params,
            success,
        });
    }
    Ok(ops)
}

fn schema_ref(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

/// A schema with `next_page_uri` is a list page: exactly one array property holds its items,
/// and it carries the whole envelope.
fn page_type(name: &str, schema: Option<&Value>) -> Result<Option<PageType>, String> {
    let Some(props) = schema
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
    else {
        return Ok(None);
    };
    if !props.contains_key("next_page_uri") {
        return Ok(None);
    }
    let arrays: Vec<_> = props
        .iter()
        .filter(|(_, p)| p.get("type").and_then(Value::as_str) == Some("array"))
        .collect();
    let [(key, items)] = arrays.as_slice() else {
        return Err(format!(
            "list page `{name}` must have exactly one array property (its items)"
        ));
    };
    let item = items
        .get("items")
        .and_then(schema_ref)
        .ok_or_else(|| format!("the items of list page `{name}` must be a named schema"))?;
    if let Some(missing) = ENVELOPE.iter().find(|f| !props.contains_key(**f)) {
        return Err(format!(
            "list page `{name}` lacks the paging field `{missing}`"
        ));
    }
    Ok(Some(PageType {
        item_key: key.to_string(),
        item: item.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(page_fields: &[&str]) -> Value {
        let mut props = serde_json::Map::new();
        props.insert(
            "things".into(),
            serde_json::json!({"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}),
        );
        for f in page_fields {
            props.insert((*f).into(), serde_json::json!({"type": "string"}));
        }
        serde_json::json!({
            "paths": {"/Things/{Sid}.json": {
                "parameters": [{"$ref": "#/components/parameters/SidPath"}],
                "get": {"operationId": "ListThing", "responses": {"200": {"content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ThingPage"}}}}}},
                "delete": {"operationId": "DeleteThing", "responses": {"204": {}}}
            }},
            "components": {
                "parameters": {"SidPath": {"name": "Sid", "in": "path",
                    "schema": {"$ref": "#/components/schemas/ThingSid"}}},
                "schemas": {"ThingPage": {"type": "object", "properties": props}}
            }
        })
    }

    #[test]
    fn a_list_page_gets_its_key_type_and_operations() {
        let text = generate(&spec(&ENVELOPE), "twilio").unwrap();
        for want in [
            "ListThing,",
            "DeleteThing,",
            "Self::ListThing => Some(\"things\")",
            "Self::DeleteThing => None",
            "(Self::ListThing, \"Sid\") => value.parse::<super::types::ThingSid>().is_ok()",
            "impl crate::ListPage for super::types::ThingPage",
            "const OPERATIONS: &'static [Operation] = &[Operation::ListThing];",
        ] {
            assert!(text.contains(want), "missing {want:?} in:\n{text}");
        }
    }

    #[test]
    fn a_page_without_its_whole_envelope_is_refused() {
        let err = generate(&spec(&ENVELOPE[..10]), "twilio").unwrap_err();
        assert_eq!(
            err,
            "list page `ThingPage` lacks the paging field `num_pages`"
        );
        let err = generate(&spec(&ENVELOPE), "control").unwrap_err();
        assert!(err.contains("only supported in the twilio spec"), "{err}");
    }
}
