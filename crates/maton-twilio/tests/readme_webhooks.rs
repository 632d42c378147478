//! The README's webhook examples are the compiled examples, word for word.

fn after_header(example: &str) -> &str {
    example
        .find("\nuse ")
        .map_or(example, |i| &example[i + 1..])
}

#[test]
fn readme_shows_the_compiled_webhook_examples() {
    let readme = include_str!("../../../README.md");
    for (name, example) in [
        ("receive_sms", include_str!("../examples/receive_sms.rs")),
        ("answer_call", include_str!("../examples/answer_call.rs")),
    ] {
        let code = after_header(example);
        assert!(
            readme.contains(&format!("```rust\n{code}```")),
            "README.md does not show examples/{name}.rs as it is"
        );
        assert!(code.lines().count() < 30, "{name} is meant to stay short");
    }
}
