//! `demo`: the whole tour with the built-in emulator, and what a build without it says.

use tokio::process::Command;

/// Runs `maton-twilio demo` with an empty environment.
async fn demo() -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_maton-twilio"))
        .env_clear()
        .arg("demo")
        .output()
        .await
        .unwrap()
}

#[cfg(feature = "emulator")]
#[tokio::test]
async fn demo_finishes_and_tells_the_whole_tour() {
    let out = demo().await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for expected in [
        "1. Create a Twilio connection and authorise it",
        ": PENDING",
        "is now ACTIVE",
        "2. Discover the account the connection reaches",
        "3. Search a number and buy it",
        "bought +1415",
        "4. Send SMS from it",
        "5. List them across pages of 5",
        "page 3: 2 messages",
        "is now delivered",
        "7. Place a call, then end it",
        "ended: completed",
        "8. Usage records",
        "sms          count 12",
        "9. Webhooks: signed callbacks to a local receiver",
        "verified message callbacks: queued -> sent -> delivered",
        "<Response><Say voice=\"alice\">Hello +15559876543, this is Rust.</Say><Hangup/></Response>",
        "call status: completed",
        "Done.",
    ] {
        assert!(
            stdout.contains(expected),
            "missing `{expected}` in:\n{stdout}"
        );
    }
}

/// Built with `--no-default-features` (CI's `.ci/run` runs this), `demo` refuses with exit 2 and
/// says which feature it needs; the rest of the CLI is there.
#[cfg(not(feature = "emulator"))]
#[tokio::test]
async fn without_the_emulator_demo_says_how_to_get_it() {
    let out = demo().await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    for expected in [
        "without its emulator",
        "`emulator` cargo feature",
        "--features emulator",
    ] {
        assert!(
            stderr.contains(expected),
            "missing `{expected}` in:\n{stderr}"
        );
    }
}
