//! `cargo xtask build-cost` as a user runs it, without building anything: `--dry-run` lays out
//! the four programs and prints the plan; bad arguments are refused before any work.

use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("build-cost")
        .args(args)
        .output()
        .expect("xtask runs")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn dry_run_writes_four_send_one_sms_programs_and_builds_nothing() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let dir = scratch.path().to_str().expect("utf-8 temp path");
    let output = xtask(&["--dry-run", "--rounds", "3", "--scratch", dir]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("3 round(s) of clean `cargo build --release --offline`, in the order ours, before, theirs, stack"),
        "{stdout}"
    );
    assert!(stdout.contains("nothing built"), "{stdout}");

    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let ours = read(&scratch.path().join("ours/Cargo.toml"));
    let facade = workspace.join("crates/maton-twilio");
    assert!(
        ours.contains(&format!(
            "maton-twilio = {{ path = \"{}\" }}",
            facade.display()
        )),
        "{ours}"
    );
    assert!(facade.join("Cargo.toml").exists());
    // The workspace's lock is the starting point, so the versions are the ones tested here.
    assert_eq!(
        read(&scratch.path().join("ours/Cargo.lock")),
        read(&workspace.join("Cargo.lock"))
    );

    let before = read(&scratch.path().join("before/Cargo.toml"));
    let old_facade = scratch.path().join("before-src/crates/maton-twilio");
    assert!(
        before.contains(&format!("path = \"{}\"", old_facade.display())),
        "{before}"
    );
    let theirs = read(&scratch.path().join("theirs/Cargo.toml"));
    assert!(theirs.contains("twilio-openapi = \"=1.2.2\""), "{theirs}");
    assert!(!theirs.contains("maton"), "{theirs}");

    let stack = read(&scratch.path().join("stack/Cargo.toml"));
    assert!(stack.contains("rustls-no-provider"), "{stack}");
    assert!(!stack.contains("maton"), "{stack}");
    for name in ["ours", "before", "theirs", "stack"] {
        let program = scratch.path().join(name);
        let manifest = read(&program.join("Cargo.toml"));
        // Its own workspace: no enclosing one can claim it, wherever the scratch dir is.
        assert!(manifest.trim_end().ends_with("[workspace]"), "{manifest}");
        assert!(
            manifest.contains(
                "tokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }"
            )
        );
        let main = read(&program.join("src/main.rs"));
        assert!(
            main.contains("#[tokio::main]") && main.contains("\"Hello\""),
            "{main}"
        );
        assert!(!program.join("target").exists(), "{name} was built");
    }
    assert!(
        read(&scratch.path().join("theirs/src/main.rs")).contains("default_api::create_message(")
    );
    assert!(
        !scratch.path().join("before-src").exists(),
        "a dry run unpacks nothing"
    );
    assert!(!scratch.path().join("report.json").exists());
}

#[test]
fn bad_arguments_fail_with_usage_before_any_work() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let dir = scratch.path().to_str().expect("utf-8 temp path");
    for args in [
        vec!["--rounds", "0", "--scratch", dir],
        vec!["--rounds", "two", "--scratch", dir],
        vec!["--before", "--dry-run", "--scratch", dir],
        vec!["--quick", "--scratch", dir],
        vec!["--scratch"],
    ] {
        let output = xtask(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} was accepted");
        assert!(
            stderr.contains("usage: cargo xtask build-cost"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(
        std::fs::read_dir(scratch.path()).expect("scratch").count(),
        0,
        "nothing written"
    );
}
