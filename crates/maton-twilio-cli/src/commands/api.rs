//! `maton-twilio api METHOD PATH`: any request to Twilio's API v2010, like `gh api`.

use maton_twilio::{Client, Method};
use serde_json::Value;

use crate::cli::ApiArgs;
use crate::exit::{self, Failure};

/// Sends the request and prints the answer.
pub async fn run(client: &Client, args: ApiArgs) -> Result<(), Failure> {
    let method: Method = args.method.parse().map_err(|e| exit::input(e, "METHOD"))?;
    let mut request = client.request(method, args.path);
    for (key, value) in args.query {
        request = request.query(key, value);
    }
    for (key, value) in args.fields {
        request = request.form(key, value);
    }
    let result = if args.paginate {
        request.paginate().await.map(Value::Array)
    } else {
        request.send().await.map(|response| response.into_value())
    };
    match result {
        Ok(Value::Null) => Ok(()),
        Ok(value) => {
            print(&value);
            Ok(())
        }
        Err(error) => {
            if exit::code(&error) == exit::API
                && let Some(body) = error
                    .body()
                    .and_then(|body| serde_json::from_str::<Value>(body).ok())
            {
                print(&body);
            }
            Err(match error.field() {
                Some("path") => exit::input(error, "PATH"),
                Some("form") => exit::input(error, "-f"),
                _ => Failure::Sdk(error),
            })
        }
    }
}

fn print(value: &Value) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => outln!("{text}"),
        Err(e) => eprintln!("error: could not print the answer: {e}"),
    }
}
