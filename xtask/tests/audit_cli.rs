//! `cargo xtask spec-audit` as a user runs it: the real binary, its output and its exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

/// Upstream's view of a one-operation API.
const UPSTREAM: &str = r#"
openapi: 3.0.1
paths:
  /2010-04-01/Accounts/{AccountSid}/Queues/{Sid}.json:
    get:
      operationId: FetchQueue
      parameters:
        - {name: AccountSid, in: path, required: true, schema: {type: string, pattern: '^AC[0-9a-fA-F]{32}$'}}
        - {name: Sid, in: path, required: true, schema: {type: string, pattern: '^QU[0-9a-fA-F]{32}$'}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  sid: {type: string, nullable: true, pattern: '^QU[0-9a-fA-F]{32}$'}
                  current_size: {type: integer, default: 0}
"#;

/// Our view of it, with one deliberate extra response field.
const OURS: &str = r#"
openapi: 3.0.3
paths:
  /2010-04-01/Accounts/{AccountSid}/Queues/{Sid}.json:
    parameters:
      - {name: AccountSid, in: path, required: true, schema: {type: string}}
      - {name: Sid, in: path, required: true, schema: {type: string}}
      - {name: Maton-Connection, in: header, schema: {type: string}}
    get:
      operationId: FetchQueue
      responses:
        '200':
          description: The queue.
          content:
            application/json:
              schema:
                type: object
                properties:
                  sid: {type: string, nullable: true}
                  current_size: {type: integer}
                  total: {type: integer, nullable: true}
        default:
          description: An error.
"#;

/// Writes the fixtures and `allow` into a fresh directory and runs the audit on them.
fn audit(name: &str, allow: &str) -> Output {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("audit-cli-{name}"));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let write = |file: &str, text: &str| {
        let path = dir.join(file);
        std::fs::write(&path, text).expect("write fixture");
        path
    };
    let (upstream, ours, allow) = (
        write("upstream.yaml", UPSTREAM),
        write("ours.yaml", OURS),
        write("allow.yaml", allow),
    );
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("spec-audit")
        .arg("--upstream")
        .arg(upstream)
        .arg("--spec")
        .arg(ours)
        .arg("--allow")
        .arg(allow)
        .output()
        .expect("xtask runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts that `output` contains each of `expected`.
fn assert_contains(output: &str, expected: &[&str]) {
    for text in expected {
        assert!(output.contains(text), "{text:?} is missing from:\n{output}");
    }
}

#[test]
fn drift_not_allowed_exits_1() {
    let output = audit("drift", "[]\n");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "DRIFT   FetchQueue.response.total:extra — response field `total`: ours has it, upstream lacks it\n\
         summary: operations compared 1, ours only 0, drifts 1, allowed 0, not allowed 1, stale allow entries 0\n"
    );
}

#[test]
fn allowed_drift_exits_0() {
    let output = audit(
        "allowed",
        "- match: '*.response.{last_page_uri,num_pages,total}:extra'\n  reason: legacy paging keys\n",
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("allowed FetchQueue.response.total:extra — "),
        "{stdout}"
    );
    assert_contains(&stdout, &["(allowed: legacy paging keys)"]);
}

#[test]
fn invalid_allow_list_exits_2() {
    let output = audit("no-reason", "- match: '*'\n");
    assert_eq!(output.status.code(), Some(2));
    assert_contains(&text(&output.stderr), &["`reason` is missing"]);
}

#[test]
fn unknown_flag_exits_2_with_usage() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["spec-audit", "--upstreams", "x.yaml"])
        .output()
        .expect("xtask runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert_contains(
        &stderr,
        &[
            "error: unknown flag `--upstreams`",
            "usage: cargo xtask spec-audit",
        ],
    );
    assert!(output.stdout.is_empty());
}
