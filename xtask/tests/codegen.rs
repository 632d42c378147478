//! `cargo xtask codegen` as its users run it: the committed output is fresh, and `--check`
//! catches a spec change that was not regenerated.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask")
}

/// Runs `cargo xtask` with `args`, which must exit 1 with each of `expected` in its stderr;
/// answers the stderr.
fn fails_with(args: &[&str], expected: &[&str]) -> String {
    let out = xtask(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for text in expected {
        assert!(stderr.contains(text), "{text:?} is missing from:\n{stderr}");
    }
    stderr
}

/// Where codegen writes the contract tests' driver.
const DRIVER: &str = "tests/tests/contract/generated/raw_driver.rs";

/// A copy of what codegen reads and writes: `spec/`, the generated directory and the contract
/// tests' generated driver.
fn copy_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = workspace_root();
    for sub in [
        "spec",
        "crates/maton-twilio-api/src/generated",
        "tests/tests/contract/generated",
    ] {
        let to = dir.path().join(sub);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(root.join(sub)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    dir
}

/// Replaces the first `anchor` in `file` of the copy, which must contain it.
fn edit_spec(copy: &tempfile::TempDir, file: &str, anchor: &str, replacement: &str) {
    let spec = copy.path().join(file);
    let text = std::fs::read_to_string(&spec).unwrap();
    let edited = text.replacen(anchor, replacement, 1);
    assert_ne!(
        text, edited,
        "the test's anchor text is no longer in the spec"
    );
    std::fs::write(&spec, edited).unwrap();
}

#[test]
fn committed_generated_code_is_fresh() {
    let out = xtask(&["codegen", "--check"]);
    assert!(
        out.status.success(),
        "generated code is stale; run `cargo xtask codegen`:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn check_catches_an_edited_spec_and_prints_a_diff() {
    let copy = copy_workspace();
    let root = copy.path().to_str().unwrap();
    assert!(
        xtask(&["codegen", "--check", "--root", root])
            .status
            .success()
    );

    edit_spec(
        &copy,
        "spec/twilio.yaml",
        "description: How many calls are in the queue now.",
        "description: The number of calls waiting in the queue right now.",
    );

    fails_with(
        &["codegen", "--check", "--root", root],
        &[
            "-        ///How many calls are in the queue now.",
            "+        ///The number of calls waiting in the queue right now.",
            "generated code is stale",
        ],
    );

    // Regenerating fixes it, and a second run changes nothing.
    assert!(xtask(&["codegen", "--root", root]).status.success());
    let first = std::fs::read_to_string(
        copy.path()
            .join("crates/maton-twilio-api/src/generated/twilio.rs"),
    )
    .unwrap();
    assert!(
        xtask(&["codegen", "--check", "--root", root])
            .status
            .success()
    );
    assert!(xtask(&["codegen", "--root", root]).status.success());
    let second = std::fs::read_to_string(
        copy.path()
            .join("crates/maton-twilio-api/src/generated/twilio.rs"),
    )
    .unwrap();
    assert_eq!(first, second, "codegen is not deterministic");
}

#[test]
fn a_spec_the_generator_cannot_digest_is_reported_not_panicked() {
    let copy = copy_workspace();
    // An inline enum breaks a checked convention.
    edit_spec(
        &copy,
        "spec/control.yaml",
        "          schema:\n            $ref: '#/components/schemas/ConnectionStatus'",
        "          schema:\n            type: string\n            enum: [ACTIVE, PENDING]",
    );
    let stderr = fails_with(
        &[
            "codegen",
            "--check",
            "--root",
            copy.path().to_str().unwrap(),
        ],
        &["spec/control.yaml: inline enum at /paths/~1connections/get/parameters/1/schema"],
    );
    assert!(!stderr.contains("panicked at"), "{stderr}");
}

#[test]
fn a_generator_panic_names_the_schema_that_caused_it() {
    let copy = copy_workspace();
    // typify panics on an object with Twilio's `uri-map` format.
    edit_spec(
        &copy,
        "spec/control.yaml",
        "        metadata:\n          type: object\n",
        "        metadata:\n          type: object\n          format: uri-map\n",
    );
    fails_with(
        &["codegen", "--root", copy.path().to_str().unwrap()],
        &[
            "spec/control.yaml: the generator panicked",
            "it fails on: schema `Connection`",
        ],
    );
}

#[test]
fn check_covers_the_contract_driver() {
    let copy = copy_workspace();
    let root = copy.path().to_str().unwrap();
    // A query parameter added to an operation changes the driver as well as the client.
    edit_spec(
        &copy,
        "spec/twilio.yaml",
        "        - name: DateSent<",
        "        - name: NotYetDriven\n          in: query\n          schema:\n            type: string\n        - name: DateSent<",
    );
    let stale = format!("{DRIVER} (committed)");
    fails_with(
        &["codegen", "--check", "--root", root],
        &[
            &stale,
            "\"NotYetDriven\" => not_yet_driven, \"DateSent<\" => date_sent_before",
        ],
    );

    // A hand edit of the driver alone is stale too, and regenerating restores it.
    assert!(xtask(&["codegen", "--root", root]).status.success());
    let driver = copy.path().join(DRIVER);
    let fresh = std::fs::read_to_string(&driver).unwrap();
    std::fs::write(
        &driver,
        fresh.replace(
            "header { \"Maton-Connection\" => maton_connection }",
            "header {}",
        ),
    )
    .unwrap();
    fails_with(&["codegen", "--check", "--root", root], &[&stale]);
    assert!(xtask(&["codegen", "--root", root]).status.success());
    assert_eq!(std::fs::read_to_string(&driver).unwrap(), fresh);
}
