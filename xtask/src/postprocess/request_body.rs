//! Request bodies kept as they were given: a finished body is sent as it is.
//!
//! progenitor stores an operation's body as its typify builder
//! (`body: Result<types::builder::X, String>`): `new` runs the builder's `Default` (which
//! allocates a "no value supplied for …" text per required field), `.body(x)` turns a finished
//! `types::X` back into a builder, and `send` converts the builder to `types::X` again. A caller
//! that validated a finished body (the facade) paid for two conversions of every field and two
//! `Default`s per request. This pass stores a `RequestBody<types::builder::X, types::X>`
//! instead: `Default` until something is given, `Value(x)` after `.body(x)` (sent as it is), or
//! `Builder(b)` after `body_map` (converted in `send`, as before). Both are boxed, so that the
//! request builder and its future stay small however large the body is; `body_boxed(b)` takes a
//! body already in a box (the facade's). The texts of the errors and the bytes sent do not
//! change (`Box<T>` serialises as `T`).

use quote::{ToTokens, quote};
use syn::visit_mut::VisitMut;
use syn::{Expr, GenericArgument, ImplItem, Item, PathArguments, Stmt, Type};

/// Rewrites the top-level `builder` module; returns how many builders it changed.
pub fn apply(file: &mut syn::File) -> Result<usize, String> {
    let items = super::module_items(file, "builder")?;
    let mut changed = Vec::new();
    for item in items.iter_mut() {
        let Item::Struct(strukt) = item else { continue };
        let Some(body) = super::named_field(&mut strukt.fields, "body") else {
            continue;
        };
        let Some(name) = builder_body(&body.ty) else {
            continue;
        };
        body.ty = syn::parse_quote!(
            Result<RequestBody<types::builder::#name, types::#name>, String>
        );
        changed.push((strukt.ident.clone(), name));
    }
    let mut rewritten = 0;
    for item in items.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        let Type::Path(self_ty) = &*imp.self_ty else {
            continue;
        };
        let Some(last) = self_ty.path.segments.last() else {
            continue;
        };
        if !changed.iter().any(|(b, _)| *b == last.ident) || imp.trait_.is_some() {
            continue;
        }
        let name = last.ident.to_string();
        for item in &mut imp.items {
            let ImplItem::Fn(f) = item else { continue };
            let method = f.sig.ident.to_string();
            let done = match method.as_str() {
                "new" => rewrite_new(&mut f.block),
                "body" => rewrite_setter(&mut f.block),
                "body_map" => rewrite_body_map(&mut f.block),
                "send" => rewrite_send(&mut f.block),
                _ => continue,
            };
            if !done {
                return Err(format!(
                    "builder `{name}`: `{method}` does not handle its body the way this pass knows"
                ));
            }
            rewritten += 1;
        }
    }
    if rewritten != 4 * changed.len() {
        return Err(format!(
            "{} builders hold a body builder but {rewritten} of their `new`, `body`, `body_map` \
             and `send` were rewritten",
            changed.len()
        ));
    }
    for (builder, name) in &changed {
        let tokens = quote! {
            impl<'a> #builder<'a> {
                /// [`body`](Self::body), given in a box: kept as it is, never moved.
                pub fn body_boxed(mut self, value: ::std::boxed::Box<types::#name>) -> Self {
                    self.body = Ok(RequestBody::Value(value));
                    self
                }
            }
        };
        items.push(syn::parse2(tokens).map_err(|e| format!("builder `{builder}`: {e}"))?);
    }
    if !changed.is_empty() {
        let helper: syn::File = syn::parse2(helper()).map_err(|e| e.to_string())?;
        items.extend(helper.items);
    }
    Ok(changed.len())
}

/// `X` of `Result<types::builder::X, String>`.
fn builder_body(ty: &Type) -> Option<syn::Ident> {
    let Type::Path(result) = ty else { return None };
    let last = result.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let Some(GenericArgument::Type(Type::Path(body))) = args.args.first() else {
        return None;
    };
    let segments: Vec<_> = body.path.segments.iter().collect();
    match segments.as_slice() {
        [types, builder, name]
            if types.ident == "types"
                && builder.ident == "builder"
                && name.arguments.is_empty() =>
        {
            Some(name.ident.clone())
        }
        _ => None,
    }
}

fn tokens(node: &impl ToTokens) -> String {
    node.to_token_stream().to_string().replace(' ', "")
}

/// `body: Ok(::std::default::Default::default())` becomes `body: Ok(RequestBody::Default)`.
fn rewrite_new(block: &mut syn::Block) -> bool {
    struct Visit(usize);
    impl VisitMut for Visit {
        fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
            let is_body = matches!(&field.member, syn::Member::Named(n) if n == "body");
            if is_body && tokens(&field.expr) == "Ok(::std::default::Default::default())" {
                field.expr = syn::parse_quote!(Ok(RequestBody::Default));
                self.0 += 1;
            }
            syn::visit_mut::visit_field_value_mut(self, field);
        }
    }
    let mut visit = Visit(0);
    visit.visit_block_mut(block);
    visit.0 == 1
}

/// In `.body(value)`: `.map(From::from)` (to the builder) becomes `.map(RequestBody::Value)`.
fn rewrite_setter(block: &mut syn::Block) -> bool {
    struct Visit(usize);
    impl VisitMut for Visit {
        fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
            syn::visit_mut::visit_expr_method_call_mut(self, call);
            if call.method == "map" && call.args.len() == 1 && tokens(&call.args[0]) == "From::from"
            {
                call.args[0] =
                    syn::parse_quote!(|value| RequestBody::Value(::std::boxed::Box::new(value)));
                self.0 += 1;
            }
        }
    }
    let mut visit = Visit(0);
    visit.visit_block_mut(block);
    visit.0 == 1
}

/// `self.body = self.body.map(f);` maps the builder the body becomes.
fn rewrite_body_map(block: &mut syn::Block) -> bool {
    let mut found = 0;
    for stmt in &mut block.stmts {
        if tokens(stmt) == "self.body=self.body.map(f);" {
            *stmt = syn::parse_quote!(
                self.body = self.body.map(|body| {
                    RequestBody::Builder(::std::boxed::Box::new(f(body.into_builder())))
                });
            );
            found += 1;
        }
    }
    found == 1
}

/// `let body = body.and_then(|v| types::X::try_from(v)...).map_err(Error::InvalidRequest)?;`
/// becomes `let body = body.and_then(RequestBody::finish).map_err(Error::InvalidRequest)?;`.
fn rewrite_send(block: &mut syn::Block) -> bool {
    let mut found = 0;
    for stmt in &mut block.stmts {
        let Stmt::Local(local) = stmt else { continue };
        if tokens(&local.pat) != "body" {
            continue;
        }
        let Some(init) = local.init.as_mut() else {
            continue;
        };
        let old = tokens(&init.expr);
        if old.starts_with("body.and_then(|v|")
            && old.contains("::try_from(v).map_err(|e|e.to_string())")
            && old.contains("types::")
            && old.ends_with(".map_err(Error::InvalidRequest)?")
        {
            let new: Expr = syn::parse_quote!(
                body.and_then(RequestBody::finish)
                    .map_err(Error::InvalidRequest)?
            );
            *init.expr = new;
            found += 1;
        }
    }
    found == 1
}

fn helper() -> proc_macro2::TokenStream {
    quote! {
        /// A request body as it was given: not yet (the body builder's defaults apply), as a
        /// finished body (sent as it is), or as a builder (after `body_map`).
        #[derive(Debug, Clone)]
        enum RequestBody<B, T> {
            Default,
            Value(::std::boxed::Box<T>),
            Builder(::std::boxed::Box<B>),
        }

        impl<B, T> RequestBody<B, T>
        where
            B: ::std::default::Default + ::std::convert::From<T>,
            T: ::std::convert::TryFrom<B>,
            <T as ::std::convert::TryFrom<B>>::Error: ::std::fmt::Display,
        {
            fn into_builder(self) -> B {
                match self {
                    Self::Default => B::default(),
                    Self::Value(value) => B::from(*value),
                    Self::Builder(builder) => *builder,
                }
            }

            fn finish(self) -> Result<::std::boxed::Box<T>, String> {
                let builder = match self {
                    Self::Value(value) => return Ok(value),
                    Self::Default => B::default(),
                    Self::Builder(builder) => *builder,
                };
                T::try_from(builder)
                    .map(::std::boxed::Box::new)
                    .map_err(|e| e.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder_of(body_ty: proc_macro2::TokenStream) -> syn::File {
        syn::parse_quote! {
            pub mod builder {
                use super::types;
                pub struct CreateCall<'a> {
                    client: ::std::borrow::Cow<'a, super::Client>,
                    body: #body_ty,
                }
                impl<'a> CreateCall<'a> {
                    pub fn new(client: &'a super::Client) -> Self {
                        Self {
                            client: ::std::borrow::Cow::Borrowed(client),
                            body: Ok(::std::default::Default::default()),
                        }
                    }
                    pub fn body<V>(mut self, value: V) -> Self
                    where
                        V: std::convert::TryInto<types::CreateCallRequest>,
                        <V as std::convert::TryInto<types::CreateCallRequest>>::Error: std::fmt::Display,
                    {
                        self.body = value
                            .try_into()
                            .map(From::from)
                            .map_err(|s| format!("conversion to `CreateCallRequest` for body failed: {}", s));
                        self
                    }
                    pub fn body_map<F>(mut self, f: F) -> Self
                    where
                        F: std::ops::FnOnce(types::builder::CreateCallRequest) -> types::builder::CreateCallRequest,
                    {
                        self.body = self.body.map(f);
                        self
                    }
                    pub async fn send(self) -> Result<(), Error<()>> {
                        let Self { client, body } = self;
                        let body = body
                            .and_then(|v| {
                                types::CreateCallRequest::try_from(v).map_err(|e| e.to_string())
                            })
                            .map_err(Error::InvalidRequest)?;
                        Ok(())
                    }
                }
            }
        }
    }

    #[test]
    fn a_finished_body_is_kept_and_sent_as_it_is() {
        let mut file = builder_of(quote!(Result<types::builder::CreateCallRequest, String>));
        assert_eq!(apply(&mut file).unwrap(), 1);
        let code = tokens(&file);
        for expected in [
            "body:Result<RequestBody<types::builder::CreateCallRequest,types::CreateCallRequest>,String>",
            "body:Ok(RequestBody::Default)",
            ".map(|value|RequestBody::Value(::std::boxed::Box::new(value)))",
            "self.body=self.body.map(|body|{RequestBody::Builder(::std::boxed::Box::new(f(body.into_builder())))});",
            "pubfnbody_boxed(mutself,value:::std::boxed::Box<types::CreateCallRequest>)->Self",
            "letbody=body.and_then(RequestBody::finish).map_err(Error::InvalidRequest)?;",
            "enumRequestBody<B,T>",
        ] {
            assert!(code.contains(expected), "{expected} not in {code}");
        }
        assert!(!code.contains("try_from(v)"), "{code}");
        assert!(!code.contains("From::from"), "{code}");
    }

    #[test]
    fn other_bodies_are_left_alone_and_need_no_helper() {
        let mut file = builder_of(quote!(Result<reqwest::Body, String>));
        let before = tokens(&file);
        assert_eq!(apply(&mut file).unwrap(), 0);
        assert_eq!(tokens(&file), before);
    }

    #[test]
    fn a_send_written_otherwise_is_an_error() {
        let mut file = builder_of(quote!(Result<types::builder::CreateCallRequest, String>));
        let Item::Mod(m) = &mut file.items[0] else {
            unreachable!()
        };
        let items = &mut m.content.as_mut().unwrap().1;
        let Item::Impl(imp) = &mut items[2] else {
            unreachable!()
        };
        let ImplItem::Fn(send) = &mut imp.items[3] else {
            unreachable!()
        };
        send.block = syn::parse_quote!({
            let body = body.map_err(Error::InvalidRequest)?;
            Ok(())
        });
        let error = apply(&mut file).unwrap_err();
        assert!(
            error.contains("CreateCall") && error.contains("send"),
            "{error}"
        );
    }
}
