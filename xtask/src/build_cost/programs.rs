//! The programs `cargo xtask build-cost` builds: their sources, manifests and lock files.

use std::path::{Path, PathBuf};

/// The send-one-SMS program against our facade (the same source builds at the `--before` revision).
const OURS_MAIN: &str = r#"use maton_twilio::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let to = std::env::var("TO")?;
    let from = std::env::var("FROM")?;
    let message = client.messages().send(to, from).body("Hello").send().await?;
    println!("sent {}", message.sid.as_deref().unwrap_or("?"));
    Ok(())
}
"#;

/// The same program against `twilio-openapi` 1.2.2 (one positional argument per form field).
const THEIRS_MAIN: &str = r#"use twilio_openapi::apis::{configuration::Configuration, default_api};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let account = std::env::var("TWILIO_ACCOUNT_SID")?;
    let mut config = Configuration::new();
    config.basic_auth = Some((account.clone(), std::env::var("TWILIO_AUTH_TOKEN").ok()));
    let to = std::env::var("TO")?;
    let from = std::env::var("FROM")?;
    let sent = default_api::create_message(
        &config, &account, &to, None, None, None, None, None, None, None, None, None, None, None,
        None, None, None, None, None, None, Some(&from), None, Some("Hello"), None,
    )
    .await;
    match sent {
        Ok(message) => println!("sent {:?}", message.sid),
        Err(e) => return Err(format!("{e:?}").into()),
    }
    Ok(())
}
"#;

/// The same request on the stack alone: what every program on it compiles before a line of
/// its own.
const STACK_MAIN: &str = r#"use rustls_platform_verifier::BuilderVerifierExt;

#[derive(serde::Deserialize)]
struct Message {
    sid: Option<String>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth();
    let http = reqwest::Client::builder().tls_backend_preconfigured(tls).build()?;
    let to = std::env::var("TO")?;
    let from = std::env::var("FROM")?;
    let message: Message = http
        .post(std::env::var("URL")?)
        .bearer_auth(std::env::var("MATON_API_KEY")?)
        .form(&[("To", to.as_str()), ("From", from.as_str()), ("Body", "Hello")])
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    println!("sent {}", message.sid.as_deref().unwrap_or("?"));
    Ok(())
}
"#;

/// The dependencies of `stack`: the versions and features `maton-core` asks for by default.
const STACK_DEPENDENCIES: &str = "reqwest = { version = \"0.13\", default-features = false, \
     features = [\"rustls-no-provider\", \"json\", \"query\", \"form\"] }\n\
     rustls = { version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"] }\n\
     rustls-platform-verifier = \"0.7\"\n\
     serde = { version = \"1\", features = [\"derive\"] }";

/// One program to build.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub name: &'static str,
    pub dir: PathBuf,
    pub manifest: String,
    pub main: &'static str,
    /// The lock file to start from, if any.
    pub lock: Option<PathBuf>,
}

/// The manifest of a scratch program: its own `[workspace]` (so no enclosing workspace claims
/// it), the one dependency under test, and tokio for `main`.
fn manifest(name: &str, dependency: &str) -> String {
    format!(
        "[package]\nname = \"cost-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{dependency}\n\
         tokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }}\n\n\
         [workspace]\n"
    )
}

/// The four programs, in the order each round builds them.
pub fn programs(root: &Path, scratch: &Path) -> Vec<Program> {
    let facade = |tree: &Path| {
        let path = tree.join("crates/maton-twilio");
        format!("maton-twilio = {{ path = \"{}\" }}", path.display())
    };
    let before_tree = scratch.join("before-src");
    vec![
        Program {
            name: "ours",
            dir: scratch.join("ours"),
            manifest: manifest("ours", &facade(root)),
            main: OURS_MAIN,
            lock: Some(root.join("Cargo.lock")),
        },
        Program {
            name: "before",
            dir: scratch.join("before"),
            manifest: manifest("before", &facade(&before_tree)),
            main: OURS_MAIN,
            lock: Some(before_tree.join("Cargo.lock")),
        },
        Program {
            name: "theirs",
            dir: scratch.join("theirs"),
            manifest: manifest("theirs", "twilio-openapi = \"=1.2.2\""),
            main: THEIRS_MAIN,
            lock: None,
        },
        Program {
            name: "stack",
            dir: scratch.join("stack"),
            manifest: manifest("stack", STACK_DEPENDENCIES),
            main: STACK_MAIN,
            lock: Some(root.join("Cargo.lock")),
        },
    ]
}

pub(super) fn write_program(program: &Program) -> Result<(), String> {
    let src = program.dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("creating {}: {e}", src.display()))?;
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("writing {}: {e}", path.display()))
    };
    write(program.dir.join("Cargo.toml"), &program.manifest)?;
    write(src.join("main.rs"), program.main)?;
    if let Some(lock) = &program.lock
        && lock.exists()
    {
        std::fs::copy(lock, program.dir.join("Cargo.lock"))
            .map_err(|e| format!("copying {}: {e}", lock.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_ours_before_theirs_stack_each_with_its_own_lock_source() {
        let list = programs(Path::new("/repo"), Path::new("/scratch"));
        let names: Vec<&str> = list.iter().map(|p| p.name).collect();
        assert_eq!(names, ["ours", "before", "theirs", "stack"]);
        assert!(
            list[0]
                .manifest
                .contains("maton-twilio = { path = \"/repo/crates/maton-twilio\" }")
        );
        assert_eq!(list[0].lock.as_deref(), Some(Path::new("/repo/Cargo.lock")));
        assert!(
            list[1]
                .manifest
                .contains("path = \"/scratch/before-src/crates/maton-twilio\"")
        );
        assert_eq!(
            list[1].lock.as_deref(),
            Some(Path::new("/scratch/before-src/Cargo.lock"))
        );
        assert_eq!(list[2].lock, None);
        // The floor: the stack our facade is built on, at the workspace's versions, no maton code.
        assert!(!list[3].manifest.contains("maton"), "{}", list[3].manifest);
        for dependency in [
            "reqwest",
            "rustls",
            "rustls-platform-verifier",
            "tokio",
            "serde",
        ] {
            assert!(
                list[3].manifest.contains(&format!("\n{dependency} = ")),
                "{dependency} in {}",
                list[3].manifest
            );
        }
        assert_eq!(list[3].lock.as_deref(), Some(Path::new("/repo/Cargo.lock")));
        assert_eq!(
            list[0].main, list[1].main,
            "the same program before and after"
        );
    }
}
