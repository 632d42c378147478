//! `connections create --wait` and `doctor`, before and after the connection is authorised.

use tokio::io::{AsyncBufReadExt, BufReader};

use crate::common::{
    assert_contains, command, ok_json, run, run_with_key, str_at, without_connection,
};

#[tokio::test]
async fn connections_create_wait_reaches_active_and_doctor_passes() {
    let mock = without_connection().await;

    let doctor = run(&mock, &["doctor"]).await;
    assert_eq!(doctor.code, 4, "{}", doctor.stdout);
    assert_contains(&doctor.stdout, "[ok  ] key accepted");
    assert_contains(&doctor.stdout, "[FAIL] ACTIVE twilio connection");
    assert!(
        doctor
            .stdout
            .contains("fix: maton-twilio connections create --open --wait")
    );

    let mut child = command(
        &mock,
        mock.api_key(),
        &["connections", "create", "--wait", "--wait-seconds", "60"],
    )
    .spawn()
    .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut url = None;
    while let Some(line) = lines.next_line().await.unwrap() {
        if let Some(rest) = line.trim().strip_prefix("http://") {
            url = Some(format!("http://{rest}"));
            break;
        }
    }
    let url = url.expect("the authorisation URL is printed");
    // The consent page: /connect/{id}/authorize.
    let id = url.rsplit('/').nth(1).unwrap().to_string();
    assert!(mock.authorize_connection(&id));
    let mut rest = String::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        rest.push_str(&line);
        rest.push('\n');
    }
    let status = child.wait().await.unwrap();
    assert_eq!(status.code(), Some(0), "{rest}");
    assert!(rest.contains(&format!("{id} is ACTIVE")), "{rest}");

    let listed = ok_json(&mock, &["connections", "list", "--status", "active"]).await;
    assert_eq!(str_at(&listed[0], "connection_id"), id);
    assert_eq!(
        str_at(
            &ok_json(&mock, &["connections", "get", &id]).await,
            "status"
        ),
        "ACTIVE"
    );

    let doctor = run(&mock, &["--json", "doctor"]).await;
    assert_eq!(doctor.code, 0, "{}", doctor.stdout);
    assert_eq!(doctor.json()["ready"], true);
    assert_eq!(doctor.json()["steps"].as_array().unwrap().len(), 4);

    ok_json(&mock, &["connections", "delete", &id]).await;
    let bad = run(&mock, &["connections", "get", "a/b"]).await;
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[tokio::test]
async fn doctor_passes_the_key_set_step_then_stops_at_a_refused_key() {
    let mock = without_connection().await;
    let doctor = run_with_key(&mock, "wrong_key_0123456789", &["doctor"]).await;
    assert_eq!(doctor.code, 4, "{}", doctor.stdout);
    assert_contains(&doctor.stdout, "[ok  ] key set: MATON_API_KEY is set");
    assert_contains(
        &doctor.stdout,
        "[FAIL] key accepted: the control plane refused the key (401)",
    );
    assert!(
        !doctor.stdout.contains("ACTIVE twilio connection"),
        "{}",
        doctor.stdout
    );
}
