//! The command tree as clap sees it: every command and subcommand describes itself.

#[allow(dead_code)]
#[path = "../src/cli.rs"]
mod cli;
#[allow(dead_code)]
#[path = "../src/duration.rs"]
mod duration;
#[allow(dead_code)]
#[path = "../src/exit.rs"]
mod exit;
#[allow(dead_code)]
#[path = "../src/key.rs"]
mod key;
#[allow(dead_code)]
#[path = "../src/text.rs"]
mod text;

use clap::CommandFactory;

const LEAKED: &str = "Listing options shared by list commands";

fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
    for sub in command.get_subcommands() {
        let name = format!("{path} {}", sub.get_name());
        match sub.get_about().map(|a| a.to_string()) {
            None => missing.push(format!("{name}: no description")),
            Some(about) if about.trim().is_empty() || about.contains(LEAKED) => {
                missing.push(format!("{name}: `{about}`"));
            }
            Some(_) => {}
        }
        walk(sub, &name, missing);
    }
}

#[test]
fn every_command_and_subcommand_has_its_own_description() {
    let command = cli::Cli::command();
    command.clone().debug_assert();
    let mut missing = Vec::new();
    walk(&command, "maton-twilio", &mut missing);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // The walk reaches the nested commands that used to lack one.
    let queues = command
        .find_subcommand("queues")
        .and_then(|q| q.find_subcommand("create"))
        .and_then(|c| c.get_about())
        .map(|a| a.to_string());
    assert_eq!(queues.as_deref(), Some("Create a queue"));
}

#[test]
fn the_key_is_not_an_advertised_option_but_a_file_is() {
    let mut command = cli::Cli::command();
    let help = command.render_long_help().to_string();
    assert!(help.contains("--api-key-file"), "{help}");
    assert!(!help.contains("--api-key "), "{help}");
    assert!(help.contains("--timeout"), "{help}");
}
