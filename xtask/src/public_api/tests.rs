//! The snapshot check on a small crate of its own: what it lists, and that an unreviewed change
//! fails while a blessed one passes.

use std::path::Path;

use super::check;

const LIB: &str = r#"//! A fixture.
use std::fmt;

/// Kinds.
#[non_exhaustive]
pub enum Kind { Local, Toll(u8), Named { code: String } }

/// A client.
pub struct Client { pub base: String, key: String }

impl Client {
    /// Sends.
    pub async fn send(&self, to: &str) -> Result<(), Error> { let _ = (to, &self.key); Ok(()) }
    /// Builds.
    pub fn new<K: AsRef<str>>(key: K) -> Self {
        Client { base: String::new(), key: key.as_ref().into() }
    }
    fn hidden(&self) {}
}

/// An error.
#[derive(Debug)]
pub struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str("error") }
}

/// A sealed-style trait.
pub trait Sid: Clone { const PREFIX: &'static str; fn text(&self) -> &str; }

mod private { pub struct Deep; }
pub use private::Deep as Reexported;
"#;

fn fixture(dir: &Path, lib: &str) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"fixture\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
}

#[test]
fn an_unreviewed_change_fails_and_a_blessed_one_passes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    let target = dir.path().join("target");
    fixture(&root, LIB);
    let pinned: &[(&str, &[&str])] = &[("fixture", &[])];

    // No snapshot yet: the first run reports a change, bless writes it, then it is clean.
    assert_eq!(check(&root, &target, pinned, false).unwrap(), ["fixture"]);
    check(&root, &target, pinned, true).unwrap();
    assert!(check(&root, &target, pinned, false).unwrap().is_empty());

    let snapshot = std::fs::read_to_string(root.join("public-api/fixture.txt")).unwrap();
    for line in [
        "#[non_exhaustive] pub enum fixture::Kind",
        "pub fixture::Kind::Toll(u8)",
        "pub fixture::Kind::Named { code: alloc::string::String }",
        "pub struct fixture::Client",
        "pub fixture::Client::base: alloc::string::String",
        "pub async fn fixture::Client::send(&self, to: &str) -> core::result::Result<(), fixture::Error>",
        "pub fn fixture::Client::new<K: core::convert::AsRef<str>>(key: K) -> Self",
        "impl core::fmt::Display for fixture::Error",
        "impl core::fmt::Debug for fixture::Error",
        "pub trait fixture::Sid: core::clone::Clone",
        "const fixture::Sid::PREFIX: &'static str",
        "fn fixture::Sid::text(&self) -> &str",
        "pub struct fixture::Reexported",
    ] {
        assert!(
            snapshot.lines().any(|l| l == line),
            "missing `{line}` in:\n{snapshot}"
        );
    }
    // Private items stay out.
    assert!(!snapshot.contains("hidden"), "{snapshot}");
    assert!(!snapshot.contains("fixture::Client::key"), "{snapshot}");
    assert!(!snapshot.contains("private"), "{snapshot}");

    // A changed signature is caught, and names the crate.
    fixture(
        &root,
        &LIB.replace(
            "pub async fn send(&self, to: &str)",
            "pub async fn send(&self, to: String)",
        )
        .replace("let _ = (to, &self.key)", "let _ = (&to, &self.key)"),
    );
    assert_eq!(check(&root, &target, pinned, false).unwrap(), ["fixture"]);
    // So is a dropped `#[non_exhaustive]`.
    fixture(&root, &LIB.replace("#[non_exhaustive]\n", ""));
    assert_eq!(check(&root, &target, pinned, false).unwrap(), ["fixture"]);
    // And an unchanged source is still clean.
    fixture(&root, LIB);
    assert!(check(&root, &target, pinned, false).unwrap().is_empty());
}
