//! Tests of the audit on small inline specs.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::*;

/// A small upstream spec written the way Twilio writes theirs: inline list and form schemas,
/// inline enums on method fields, patterns and lengths on SIDs.
const UPSTREAM: &str = r#"
openapi: 3.0.1
paths:
  /2010-04-01/Accounts/{AccountSid}/Things.json:
    get:
      operationId: ListThing
      parameters:
        - name: AccountSid
          in: path
          required: true
          schema: {type: string, minLength: 34, maxLength: 34, pattern: '^AC[0-9a-fA-F]{32}$'}
        - name: Status
          in: query
          description: Only things with this status.
          schema: {$ref: '#/components/schemas/thing_enum_status'}
        - name: PageSize
          in: query
          schema: {type: integer, format: int64, minimum: 1, maximum: 1000}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                title: ListThingResponse
                type: object
                properties:
                  things:
                    type: array
                    items: {$ref: '#/components/schemas/api.v2010.thing'}
                  next_page_uri: {type: string, format: uri, nullable: true}
    post:
      operationId: CreateThing
      parameters:
        - name: AccountSid
          in: path
          required: true
          schema: {type: string, minLength: 34, maxLength: 34, pattern: '^AC[0-9a-fA-F]{32}$'}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              title: CreateThingRequest
              required: [FriendlyName]
              properties:
                FriendlyName: {type: string, description: A name.}
                Method: {type: string, format: http-method, enum: [GET, POST]}
                MediaUrl: {type: array, items: {type: string, format: uri}}
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/api.v2010.thing'}
components:
  schemas:
    api.v2010.thing:
      type: object
      properties:
        sid: {type: string, minLength: 34, maxLength: 34, pattern: '^TH[0-9a-fA-F]{32}$', nullable: true}
        status: {$ref: '#/components/schemas/thing_enum_status'}
        color: {type: string, enum: [red, green], nullable: true}
        price: {type: string, nullable: true}
        date_created: {type: string, format: date-time-rfc-2822, nullable: true}
    thing_enum_status:
      type: string
      enum: [active, closed]
"#;

/// The same API written our way: shared parameters, named enums, `allOf` wrappers, the gateway
/// header, error responses and `x-maton-*` extensions.
const OURS: &str = r#"
openapi: 3.0.3
paths:
  /2010-04-01/Accounts/{AccountSid}/Things.json:
    parameters:
      - $ref: '#/components/parameters/AccountSidPath'
      - $ref: '#/components/parameters/MatonConnection'
    get:
      operationId: ListThing
      parameters:
        - name: Status
          in: query
          schema: {$ref: '#/components/schemas/ThingStatus'}
        - $ref: '#/components/parameters/PageSize'
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ThingPage'}
        default: {$ref: '#/components/responses/Error'}
    post:
      operationId: CreateThing
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/CreateThingRequest'}
      responses:
        '201':
          description: Created.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        4XX: {$ref: '#/components/responses/Error'}
components:
  parameters:
    AccountSidPath:
      name: AccountSid
      in: path
      required: true
      schema: {$ref: '#/components/schemas/AccountSid'}
    MatonConnection:
      name: Maton-Connection
      in: header
      schema: {type: string}
    PageSize:
      name: PageSize
      in: query
      schema: {type: integer, format: int64, minimum: 1}
  responses:
    Error:
      description: An error.
      content:
        application/json:
          schema: {type: object, properties: {code: {type: integer}}}
  schemas:
    AccountSid: {type: string, pattern: '^AC[0-9a-fA-F]{32}$'}
    ThingStatus: {type: string, enum: [closed, active]}
    ThingColor: {type: string, enum: [green, red]}
    HttpMethod: {type: string, format: http-method, enum: [POST, GET]}
    Thing:
      type: object
      properties:
        date_created: {type: string, format: date-time-rfc-2822, nullable: true, description: When.}
        price: {type: string, nullable: true, x-maton-numeric: true}
        sid: {type: string, nullable: true}
        status: {$ref: '#/components/schemas/ThingStatus'}
        color:
          allOf: [{$ref: '#/components/schemas/ThingColor'}]
          nullable: true
          description: The colour.
    ThingPage:
      type: object
      properties:
        things: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        next_page_uri: {type: string, format: uri, nullable: true}
    CreateThingRequest:
      type: object
      required: [FriendlyName]
      properties:
        FriendlyName: {type: string}
        Method: {$ref: '#/components/schemas/HttpMethod'}
        MediaUrl: {type: array, items: {type: string, format: uri}}
"#;

/// `text` with `from` replaced by `to`; panics when `from` is absent so a test cannot silently
/// edit nothing.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture lacks `{from}`");
    text.replacen(from, to, 1)
}

/// The drift keys between two inline specs.
fn drift_keys(ours: &str, upstream: &str) -> Vec<String> {
    let ours: Value = serde_yaml_ng::from_str(ours).expect("our fixture parses");
    let upstream: Value = serde_yaml_ng::from_str(upstream).expect("upstream fixture parses");
    let comparison = compare_specs(&ours, &upstream).expect("comparison succeeds");
    comparison
        .drifts
        .into_iter()
        .map(|drift| drift.key)
        .collect()
}

#[test]
fn matching_specs_have_no_drift() {
    assert_eq!(drift_keys(OURS, UPSTREAM), Vec::<String>::new());
}

#[test]
fn missing_query_parameter() {
    let ours = edit(
        OURS,
        "        - name: Status\n          in: query\n          schema: {$ref: '#/components/schemas/ThingStatus'}\n",
        "",
    );
    assert_eq!(
        drift_keys(&ours, UPSTREAM),
        ["ListThing.param.Status:missing"]
    );
}

#[test]
fn extra_form_field() {
    let ours = edit(
        OURS,
        "        FriendlyName: {type: string}\n",
        "        FriendlyName: {type: string}\n        Colour: {type: string}\n",
    );
    assert_eq!(
        drift_keys(&ours, UPSTREAM),
        ["CreateThing.body.Colour:extra"]
    );
}

#[test]
fn changed_enum_value() {
    let upstream = edit(UPSTREAM, "enum: [GET, POST]", "enum: [GET, PUT]");
    assert_eq!(
        drift_keys(OURS, &upstream),
        ["CreateThing.body.Method:enum"]
    );
}

#[test]
fn changed_required_flag() {
    let ours = edit(OURS, "      required: [FriendlyName]\n", "");
    assert_eq!(
        drift_keys(&ours, UPSTREAM),
        ["CreateThing.body.FriendlyName:required"]
    );
}

#[test]
fn changed_type() {
    let ours = edit(
        OURS,
        "schema: {type: integer, format: int64, minimum: 1}",
        "schema: {type: string, format: int64}",
    );
    assert_eq!(
        drift_keys(&ours, UPSTREAM),
        ["ListThing.param.PageSize:type"]
    );
}

#[test]
fn changed_array_item_format() {
    let upstream = edit(
        UPSTREAM,
        "MediaUrl: {type: array, items: {type: string, format: uri}}",
        "MediaUrl: {type: array, items: {type: string}}",
    );
    assert_eq!(
        drift_keys(OURS, &upstream),
        ["CreateThing.body.MediaUrl[]:format"]
    );
}

#[test]
fn missing_response_field_in_item_and_instance() {
    let ours = edit(
        OURS,
        "        date_created: {type: string, format: date-time-rfc-2822, nullable: true, description: When.}\n",
        "",
    );
    assert_eq!(
        drift_keys(&ours, UPSTREAM),
        [
            "ListThing.response.things[].date_created:missing",
            "CreateThing.response.date_created:missing",
        ]
    );
}

#[test]
fn nullable_and_format_changes_are_separate_aspects() {
    let ours = edit(
        OURS,
        "next_page_uri: {type: string, format: uri, nullable: true}",
        "next_page_uri: {type: string}",
    );
    assert_eq!(
        drift_keys(&ours, UPSTREAM),
        [
            "ListThing.response.next_page_uri:format",
            "ListThing.response.next_page_uri:nullable",
        ]
    );
}

#[test]
fn operation_upstream_lacks_and_status_code() {
    let ours = edit(
        OURS,
        "    post:\n      operationId: CreateThing",
        "    delete:\n      operationId: DeleteThing\n      responses:\n        '204': {description: Gone.}\n    post:\n      operationId: CreateThing",
    );
    let ours = edit(
        &ours,
        "        '201':\n          description: Created.",
        "        '200':\n          description: Created.",
    );
    assert_eq!(
        drift_keys(&ours, UPSTREAM),
        ["CreateThing:status", "DeleteThing:not-in-upstream"]
    );
}

#[test]
fn gateway_header_is_only_ignored_on_our_side() {
    let upstream = edit(
        UPSTREAM,
        "        - name: PageSize\n",
        "        - name: Maton-Connection\n          in: header\n          schema: {type: string}\n        - name: PageSize\n",
    );
    assert_eq!(
        drift_keys(OURS, &upstream),
        ["ListThing.param.Maton-Connection:missing"]
    );
}

/// A scratch directory holding one test's files, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("xtask-audit-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        Scratch(dir)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("write scratch file");
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the command on the fixtures with `ours` as our spec and `allow` as the allow-list.
fn run_with(name: &str, ours: &str, allow: &str) -> Outcome {
    let scratch = Scratch::new(name);
    let args = [
        "--upstream".to_owned(),
        scratch.write("upstream.yaml", UPSTREAM),
        format!("--spec={}", scratch.write("ours.yaml", ours)),
        "--allow".to_owned(),
        scratch.write("allow.yaml", allow),
    ];
    run(&args, Path::new("/nonexistent-root"))
}

/// Our fixture without `date_created`, which gives two drifts.
fn ours_without_date_created() -> String {
    edit(
        OURS,
        "        date_created: {type: string, format: date-time-rfc-2822, nullable: true, description: When.}\n",
        "",
    )
}

#[test]
fn unallowed_drift_exits_1_and_is_marked() {
    let outcome = run_with("unallowed", &ours_without_date_created(), "[]\n");
    assert_eq!(outcome.code, 1, "{outcome:?}");
    assert!(outcome.stdout.contains(
        "DRIFT   ListThing.response.things[].date_created:missing — response field `things[].date_created`: upstream has it, ours lacks it\n"
    ), "{}", outcome.stdout);
    assert!(outcome.stdout.ends_with(
        "summary: operations compared 2, ours only 0, drifts 2, allowed 0, not allowed 2, stale allow entries 0\n"
    ), "{}", outcome.stdout);
}

#[test]
fn pattern_allows_many_and_stale_entry_only_warns() {
    let allow = "
- match: '*.date_created:missing'
  reason: not sent by the gateway
- match: '*.never:extra'
  reason: nothing has it
";
    let outcome = run_with("allowed", &ours_without_date_created(), allow);
    assert_eq!(outcome.code, 0, "{outcome:?}");
    assert!(outcome.stdout.contains(
        "allowed CreateThing.response.date_created:missing — response field `date_created`: upstream has it, ours lacks it (allowed: not sent by the gateway)\n"
    ), "{}", outcome.stdout);
    assert!(
        outcome
            .stdout
            .contains("drifts 2, allowed 2, not allowed 0, stale allow entries 1\n"),
        "{}",
        outcome.stdout
    );
    assert_eq!(
        outcome.stderr,
        "warning: stale allow-list entry `*.never:extra` matches no drift (reason: nothing has it)\n"
    );
}

#[test]
fn entry_without_reason_is_rejected() {
    let outcome = run_with("no-reason", OURS, "- match: '*.date_created:missing'\n");
    assert_eq!(outcome.code, 2, "{outcome:?}");
    assert!(
        outcome.stderr.contains("`reason` is missing"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stdout.is_empty());
}

#[test]
fn clean_run_exits_0() {
    let outcome = run_with("clean", OURS, "");
    assert_eq!(outcome.code, 0, "{outcome:?}");
    assert_eq!(
        outcome.stdout,
        "summary: operations compared 2, ours only 0, drifts 0, allowed 0, not allowed 0, stale allow entries 0\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    let root = Path::new("/nonexistent-root");
    let args = |list: &[&str]| list.iter().map(|arg| arg.to_string()).collect::<Vec<_>>();
    for (list, expected) in [
        (
            &["--upstream", "u.yaml", "--frobnicate"][..],
            "unknown flag `--frobnicate`",
        ),
        (&["--spec", "s.yaml"][..], "`--upstream PATH` is required"),
        (&["--upstream"][..], "`--upstream` needs a value"),
        (
            &["--upstream", "a", "--upstream=b"][..],
            "`--upstream` is given twice",
        ),
        (&["stray"][..], "unexpected argument `stray`"),
        (
            &["--upstream", "/nonexistent/upstream.yaml"][..],
            "cannot read /nonexistent-root/spec/twilio.yaml",
        ),
    ] {
        let outcome = run(&args(list), root);
        assert_eq!(outcome.code, 2, "{list:?}: {outcome:?}");
        assert!(
            outcome.stderr.contains(expected),
            "{list:?}: {}",
            outcome.stderr
        );
    }
}

#[test]
fn defaults_are_under_the_workspace_root() {
    let args = ["--upstream".to_owned(), "up.yaml".to_owned()];
    assert_eq!(
        parse_args(&args, Path::new("/ws")),
        Ok(Command::Audit(Options {
            upstream: PathBuf::from("up.yaml"),
            spec: PathBuf::from("/ws/spec/twilio.yaml"),
            allow: PathBuf::from("/ws/spec/audit-allow.yaml"),
        }))
    );
    assert_eq!(
        parse_args(&["--help".to_owned()], Path::new("/ws")),
        Ok(Command::Help)
    );
}
