//! Feature gates: each operation of a resource group is built only with its cargo feature
//! (`Plan::features`, from the tags' `x-maton-feature`), and so is every model only such
//! operations use.
//!
//! The operation's client method and request builder get `#[cfg(feature = "f")]`. A model gets
//! the features of every operation that reaches it, through request bodies, responses and the
//! models they hold; a model some always-built operation reaches, or none reaches at all, is
//! never gated. Any other item of `types` (impls, the type builders, the post-pass's own impls)
//! is gated by every gated model it names, and a `defaults` function by the items that call it
//! (a builder, or a model's `#[serde(default = "defaults::f")]`).
//! Finding names by identifier over-approximates (an enum variant that happens to be called like
//! a model counts as a use), which can only keep more built, never leave a reference dangling.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{ImplItem, Item};

use super::{identifiers, module_items, snake_case, submodule};

/// The features one of which must be on: `any(feature = ...)`.
type AnyOf = BTreeSet<String>;
/// Every one of these `any(...)` must hold; empty means always built.
type Condition = BTreeSet<AnyOf>;

/// Gates the operations named in `features` (`operationId` -> feature) and what only they use.
/// Returns how many operations were gated.
pub fn apply(file: &mut syn::File, features: &BTreeMap<String, String>) -> Result<usize, String> {
    if features.is_empty() {
        return Ok(0);
    }
    let by_method: HashMap<String, &String> = features
        .iter()
        .map(|(id, feature)| (snake_case(id), feature))
        .collect();

    let types = module_items(file, "types")?;
    let models: HashSet<String> = types.iter().filter_map(type_name).collect();
    let uses: HashMap<String, HashSet<String>> = types
        .iter()
        .filter_map(|item| Some((type_name(item)?, named(item, &models))))
        .collect();

    // What each operation's builder names, and from there every model it reaches.
    let builders = module_items(file, "builder")?;
    let mut needs: HashMap<String, Option<AnyOf>> = HashMap::new();
    let mut builder_ops: HashMap<String, Option<String>> = HashMap::new();
    for item in builders.iter() {
        let Some(op) = builder_name(item) else {
            continue;
        };
        let feature = features.get(&op).cloned();
        builder_ops.insert(op, feature.clone());
        let mut stack: Vec<String> = named(item, &models).into_iter().collect();
        let mut seen = HashSet::new();
        while let Some(model) = stack.pop() {
            if !seen.insert(model.clone()) {
                continue;
            }
            let need = needs
                .entry(model.clone())
                .or_insert_with(|| Some(AnyOf::new()));
            match (&feature, need.as_mut()) {
                (Some(f), Some(any)) => {
                    any.insert(f.clone());
                }
                (None, _) => *need = None,
                (Some(_), None) => {}
            }
            stack.extend(uses.get(&model).into_iter().flatten().cloned());
        }
    }
    let gated: HashMap<&str, &AnyOf> = needs
        .iter()
        .filter_map(|(model, need)| Some((model.as_str(), need.as_ref()?)))
        .collect();

    let missing: Vec<&String> = features
        .keys()
        .filter(|id| !builder_ops.contains_key(*id))
        .collect();
    if let Some(id) = missing.first() {
        return Err(format!(
            "operation `{id}` has a feature but no generated builder"
        ));
    }

    // The builders and the client's methods.
    let mut gated_ops = 0;
    for item in builders.iter_mut() {
        if let Some(Some(feature)) = builder_name(item).and_then(|op| builder_ops.get(&op)) {
            push_cfg(item, &single(feature));
        }
    }
    for item in file.items.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() || imp.self_ty.to_token_stream().to_string() != "Client" {
            continue;
        }
        for member in imp.items.iter_mut() {
            if let ImplItem::Fn(method) = member
                && let Some(feature) = by_method.get(&method.sig.ident.to_string())
            {
                method.attrs.push(cfg_attr(&single(feature)));
                gated_ops += 1;
            }
        }
    }
    if gated_ops != features.len() {
        return Err(format!(
            "{} operations have a feature but {gated_ops} client methods were gated",
            features.len()
        ));
    }

    // The models and everything that names them, in `types` and its submodules.
    let types = module_items(file, "types")?;
    let mut default_users: HashMap<String, Vec<Condition>> = HashMap::new();
    let defaults: HashSet<String> = submodule(types, "defaults")
        .map(|items| items.iter().filter_map(fn_name).collect())
        .unwrap_or_default();
    for item in types.iter_mut() {
        if let Item::Mod(module) = item {
            let name = module.ident.to_string();
            if name == "defaults" || name == "error" {
                continue;
            }
            for inner in module.content.iter_mut().flat_map(|c| c.1.iter_mut()) {
                let condition = gate(inner, &models, &gated);
                for called in named(inner, &defaults) {
                    default_users
                        .entry(called)
                        .or_default()
                        .push(condition.clone());
                }
            }
        } else {
            let condition = gate(item, &models, &gated);
            for called in named(item, &defaults) {
                default_users
                    .entry(called)
                    .or_default()
                    .push(condition.clone());
            }
        }
    }
    for item in types.iter_mut() {
        let Item::Mod(module) = item else { continue };
        if module.ident != "defaults" {
            continue;
        }
        for inner in module.content.iter_mut().flat_map(|c| c.1.iter_mut()) {
            let Some(name) = fn_name(inner) else { continue };
            let users = default_users.get(&name).map(Vec::as_slice).unwrap_or(&[]);
            if !users.is_empty() && users.iter().all(|c| !c.is_empty()) {
                let alternatives = users.iter().map(condition_tokens);
                push_attr(inner, quote!(#[cfg(any(#(#alternatives),*))]));
            }
        }
    }
    Ok(gated_ops)
}

/// Gates `item` by the gated models it names; returns the condition (empty: not gated).
fn gate(item: &mut Item, models: &HashSet<String>, gated: &HashMap<&str, &AnyOf>) -> Condition {
    let mut condition: Condition = named(item, models)
        .iter()
        .filter_map(|model| gated.get(model.as_str()).map(|any| (*any).clone()))
        .collect();
    // `any(A)` implies `any(B)` when A is a subset of B: B adds nothing.
    let all: Vec<AnyOf> = condition.iter().cloned().collect();
    condition.retain(|b| !all.iter().any(|a| a != b && a.is_subset(b)));
    if !condition.is_empty() {
        push_cfg(item, &condition);
    }
    condition
}

fn single(feature: &str) -> Condition {
    Condition::from([AnyOf::from([feature.to_string()])])
}

fn push_cfg(item: &mut Item, condition: &Condition) {
    push_attr(item, cfg_attr(condition).to_token_stream());
}

fn cfg_attr(condition: &Condition) -> syn::Attribute {
    let tokens = condition_tokens(condition);
    syn::parse_quote!(#[cfg(#tokens)])
}

/// `feature = "a"`, `any(feature = "a", feature = "b")` or `all(any(...), ...)`.
fn condition_tokens(condition: &Condition) -> TokenStream {
    let any = |set: &AnyOf| -> TokenStream {
        let features: Vec<TokenStream> = set.iter().map(|f| quote!(feature = #f)).collect();
        match &features[..] {
            [one] => one.clone(),
            _ => quote!(any(#(#features),*)),
        }
    };
    let parts: Vec<TokenStream> = condition.iter().map(any).collect();
    match &parts[..] {
        [one] => one.clone(),
        _ => quote!(all(#(#parts),*)),
    }
}

fn push_attr(item: &mut Item, attr: TokenStream) {
    let attr: syn::Attribute = syn::parse_quote!(#attr);
    match item {
        Item::Struct(i) => i.attrs.push(attr),
        Item::Enum(i) => i.attrs.push(attr),
        Item::Impl(i) => i.attrs.push(attr),
        Item::Fn(i) => i.attrs.push(attr),
        Item::Const(i) => i.attrs.push(attr),
        Item::Type(i) => i.attrs.push(attr),
        Item::Use(i) => i.attrs.push(attr),
        Item::Mod(i) => i.attrs.push(attr),
        Item::Trait(i) => i.attrs.push(attr),
        _ => {}
    }
}

/// The model a `types` item defines.
fn type_name(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Enum(e) => Some(e.ident.to_string()),
        _ => None,
    }
}

/// The operation a `builder` struct or inherent impl belongs to (its type's name).
fn builder_name(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Impl(i) if i.trait_.is_none() => match &*i.self_ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        },
        _ => None,
    }
}

fn fn_name(item: &Item) -> Option<String> {
    match item {
        Item::Fn(f) => Some(f.sig.ident.to_string()),
        _ => None,
    }
}

/// The names of `names` that appear as identifiers anywhere in `item`.
fn named(item: &Item, names: &HashSet<String>) -> HashSet<String> {
    identifiers(item)
        .into_iter()
        .filter(|name| names.contains(name))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use quote::ToTokens;

    use super::apply;

    /// The `#[cfg(...)]` of the item of `module` (or the top level) named `name`, as text.
    fn cfg_of(file: &syn::File, module: Option<&str>, name: &str) -> Option<String> {
        let items = match module {
            None => &file.items,
            Some(m) => file
                .items
                .iter()
                .find_map(|i| match i {
                    syn::Item::Mod(x) if x.ident == m => x.content.as_ref().map(|c| &c.1),
                    _ => None,
                })
                .unwrap(),
        };
        items.iter().find_map(|item| {
            let (ident, attrs) = match item {
                syn::Item::Struct(s) => (s.ident.to_string(), &s.attrs),
                syn::Item::Enum(e) => (e.ident.to_string(), &e.attrs),
                syn::Item::Impl(i) => (i.self_ty.to_token_stream().to_string(), &i.attrs),
                _ => return None,
            };
            (ident == name).then(|| {
                attrs
                    .iter()
                    .filter(|a| a.path().is_ident("cfg"))
                    .map(|a| a.to_token_stream().to_string().replace(' ', ""))
                    .collect()
            })
        })
    }

    fn sample() -> syn::File {
        syn::parse_quote! {
            pub mod types {
                pub struct Message { pub media: Option<Shared> }
                pub struct Domain { pub shared: Shared, pub inner: Inner }
                pub struct Trigger { pub inner: Inner }
                pub struct Shared;
                pub struct Inner;
                pub struct Unused;
                impl From<&Domain> for Domain { fn from(v: &Domain) -> Self { todo!() } }
                pub mod builder {
                    pub struct Domain { shared: super::Shared }
                    impl Default for Domain { fn default() -> Self { super::defaults::domain_x() } }
                }
                pub mod defaults {
                    pub(super) fn domain_x() -> super::builder::Domain { todo!() }
                }
            }
            pub struct Client;
            impl Client {
                pub fn new() -> Self { Client }
                pub fn send_message(&self) -> builder::SendMessage { todo!() }
                pub fn create_domain(&self) -> builder::CreateDomain { todo!() }
                pub fn create_trigger(&self) -> builder::CreateTrigger { todo!() }
            }
            pub mod builder {
                pub struct SendMessage { body: types::Message }
                pub struct CreateDomain { body: types::Domain }
                impl CreateDomain { pub fn send(self) -> types::Domain { todo!() } }
                pub struct CreateTrigger { body: types::Trigger }
            }
        }
    }

    #[test]
    fn operations_and_the_models_only_they_reach_are_gated_by_their_features() {
        let mut file = sample();
        let features = BTreeMap::from([
            ("CreateDomain".to_string(), "sip".to_string()),
            ("CreateTrigger".to_string(), "usage".to_string()),
        ]);
        assert_eq!(apply(&mut file, &features).unwrap(), 2);
        let sip = Some("#[cfg(feature=\"sip\")]".to_string());
        assert_eq!(cfg_of(&file, Some("builder"), "CreateDomain"), sip);
        assert_eq!(
            cfg_of(&file, Some("builder"), "SendMessage"),
            Some(String::new())
        );
        assert_eq!(cfg_of(&file, Some("types"), "Domain"), sip);
        assert_eq!(
            cfg_of(&file, Some("types"), "Trigger"),
            Some("#[cfg(feature=\"usage\")]".into())
        );
        // Reached by an always-built operation, by two groups, by none.
        assert_eq!(cfg_of(&file, Some("types"), "Shared"), Some(String::new()));
        assert_eq!(
            cfg_of(&file, Some("types"), "Inner"),
            Some("#[cfg(any(feature=\"sip\",feature=\"usage\"))]".into())
        );
        assert_eq!(cfg_of(&file, Some("types"), "Unused"), Some(String::new()));
        let text = file.to_token_stream().to_string().replace(' ', "");
        assert!(
            text.contains("#[cfg(feature=\"sip\")]implFrom<&Domain>forDomain"),
            "{text}"
        );
        assert!(
            text.contains("#[cfg(any(feature=\"sip\"))]pub(super)fndomain_x"),
            "{text}"
        );
        assert!(
            text.contains("#[cfg(feature=\"usage\")]pubfncreate_trigger"),
            "{text}"
        );
        assert!(text.contains("pubfnsend_message(&self)"), "{text}");
        assert!(!text.contains("#[cfg(feature=\"sip\")]pubfnnew"), "{text}");
    }

    #[test]
    fn a_feature_for_an_operation_without_a_builder_is_refused() {
        let mut file = sample();
        let features = BTreeMap::from([("CreateNothing".to_string(), "sip".to_string())]);
        let err = apply(&mut file, &features).unwrap_err();
        assert!(err.contains("CreateNothing"), "{err}");
    }
}
