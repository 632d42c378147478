//! The scenarios: which requests each one sends, and where their fixtures go.

use heck::ToSnakeCase;
use maton_contract_tests::fixture::Service;
use serde_json::json;

use super::session::{Payload, Session};

const T: Service = Service::Twilio;

/// A resource the messages and calls scenarios walk alike.
struct Walk {
    /// The fixtures' directory, and the list's JSON key.
    area: &'static str,
    /// The path segment.
    collection: &'static str,
    /// One item, in descriptions and fixture names.
    one: &'static str,
    /// The SID prefix.
    prefix: &'static str,
}

const MESSAGES: Walk = Walk {
    area: "messages",
    collection: "Messages",
    one: "message",
    prefix: "SM",
};

const CALLS: Walk = Walk {
    area: "calls",
    collection: "Calls",
    one: "call",
    prefix: "CA",
};

impl Session<'_> {
    /// Lists `walk` two per page (following `next_page_uri` once), fetches its latest item and
    /// one that does not exist.
    async fn walk(&mut self, base: &str, walk: Walk) -> Result<(), String> {
        let Walk {
            area,
            collection,
            one,
            prefix,
        } = walk;
        let page = self
            .get(&format!("{base}/{collection}.json?PageSize=2"))
            .await?;
        self.next_page(&page).await?;
        self.cut(
            T,
            area,
            &format!("list_{area}"),
            &format!("{collection} two per page, following next_page_uri once."),
        )?;
        if let Some(sid) = page.str_at(&format!("/{area}/0/sid")) {
            let path = format!("{base}/{collection}/{sid}.json");
            let description = format!("The latest {one}.");
            self.fetch(&path, area, &format!("fetch_{one}"), &description)
                .await?;
        }
        let missing = format!("{base}/{collection}/{prefix}{}.json", "0".repeat(32));
        let description = format!("A {one} that does not exist.");
        self.fetch(
            &missing,
            area,
            &format!("fetch_{one}_not_found"),
            &description,
        )
        .await?;
        Ok(())
    }

    pub(super) async fn run(&mut self, scenario: &str) -> Result<(), String> {
        match scenario {
            "accounts" => {
                let listed = self
                    .fetch(
                        "/2010-04-01/Accounts.json?PageSize=1",
                        "accounts",
                        "list_accounts",
                        "The key's accounts, one per page.",
                    )
                    .await?;
                if let Some(sid) = listed.str_at("/accounts/0/sid") {
                    self.fetch(
                        &format!("/2010-04-01/Accounts/{sid}.json"),
                        "accounts",
                        "fetch_account",
                        "The first account.",
                    )
                    .await?;
                    self.account = Some(sid);
                }
            }
            "messages" => {
                let base = format!("/2010-04-01/Accounts/{}", self.account().await?);
                if let Some((from, to)) = self.config.send.clone() {
                    let body = "maton contract test 😀𝄞";
                    let sent = self
                        .post(
                            &format!("{base}/Messages.json"),
                            &[("To", &to), ("From", &from), ("Body", body)],
                        )
                        .await?;
                    self.cut(
                        T,
                        "messages",
                        "send_message",
                        "Sending a message with non-BMP characters.",
                    )?;
                    if let Some(sid) = sent.str_at("/sid") {
                        self.fetch(
                            &format!("{base}/Messages/{sid}.json"),
                            "messages",
                            "fetch_sent_message",
                            "The message just sent.",
                        )
                        .await?;
                    }
                }
                self.walk(&base, MESSAGES).await?;
            }
            "calls" => {
                let base = format!("/2010-04-01/Accounts/{}", self.account().await?);
                self.walk(&base, CALLS).await?;
            }
            "numbers" => {
                let base = format!("/2010-04-01/Accounts/{}", self.account().await?);
                let page = self
                    .fetch(
                        &format!("{base}/IncomingPhoneNumbers.json?PageSize=5"),
                        "numbers",
                        "list_incoming_numbers",
                        "The account's numbers.",
                    )
                    .await?;
                if let Some(sid) = page.str_at("/incoming_phone_numbers/0/sid") {
                    self.fetch(
                        &format!("{base}/IncomingPhoneNumbers/{sid}.json"),
                        "numbers",
                        "fetch_number",
                        "The first number.",
                    )
                    .await?;
                }
                self.fetch(
                    &format!("{base}/AvailablePhoneNumbers/US/Local.json?PageSize=3"),
                    "numbers",
                    "search_available_local",
                    "Three local US numbers for sale.",
                )
                .await?;
                self.fetch(
                    &format!("{base}/AvailablePhoneNumbers/US/TollFree.json?PageSize=3"),
                    "numbers",
                    "search_available_tollfree",
                    "Three toll-free US numbers for sale.",
                )
                .await?;
                self.fetch(
                    &format!("{base}/IncomingPhoneNumbers/PN{}.json", "0".repeat(32)),
                    "numbers",
                    "fetch_number_not_found",
                    "A number the account does not own.",
                )
                .await?;
            }
            "applications" => {
                let base = format!("/2010-04-01/Accounts/{}", self.account().await?);
                let created = self
                    .post(
                        &format!("{base}/Applications.json"),
                        &[
                            ("FriendlyName", "maton-contract-test"),
                            ("VoiceUrl", "https://example.com/voice"),
                        ],
                    )
                    .await?;
                self.cut(
                    T,
                    "applications",
                    "create_application",
                    "Creating an application.",
                )?;
                let sid = created
                    .str_at("/sid")
                    .ok_or("the application was not created")?;
                let one = format!("{base}/Applications/{sid}.json");
                self.fetch(
                    &one,
                    "applications",
                    "fetch_application",
                    "The application just created.",
                )
                .await?;
                self.post(&one, &[("FriendlyName", "maton-contract-test-renamed")])
                    .await?;
                self.cut(T, "applications", "update_application", "Renaming it.")?;
                self.fetch(
                    &format!("{base}/Applications.json?FriendlyName=maton-contract-test-renamed"),
                    "applications",
                    "list_applications",
                    "Applications by name.",
                )
                .await?;
                self.delete(&one).await?;
                self.cut(T, "applications", "delete_application", "Deleting it.")?;
                self.fetch(
                    &one,
                    "applications",
                    "fetch_application_not_found",
                    "The deleted application.",
                )
                .await?;
            }
            "queues" => {
                let base = format!("/2010-04-01/Accounts/{}", self.account().await?);
                let created = self
                    .post(
                        &format!("{base}/Queues.json"),
                        &[("FriendlyName", "maton-contract-test"), ("MaxSize", "10")],
                    )
                    .await?;
                self.cut(T, "queues", "create_queue", "Creating a queue.")?;
                let sid = created.str_at("/sid").ok_or("the queue was not created")?;
                let one = format!("{base}/Queues/{sid}.json");
                self.fetch(&one, "queues", "fetch_queue", "The queue just created.")
                    .await?;
                self.post(&one, &[("MaxSize", "20")]).await?;
                self.cut(T, "queues", "update_queue", "Changing its capacity.")?;
                self.fetch(
                    &format!("{base}/Queues.json?PageSize=5"),
                    "queues",
                    "list_queues",
                    "Queues five per page.",
                )
                .await?;
                self.delete(&one).await?;
                self.cut(T, "queues", "delete_queue", "Deleting it.")?;
                self.delete(&one).await?;
                self.cut(T, "queues", "delete_queue_not_found", "Deleting it again.")?;
            }
            "addresses" => {
                let base = format!("/2010-04-01/Accounts/{}", self.account().await?);
                self.fetch(
                    &format!("{base}/Addresses.json?PageSize=5"),
                    "addresses",
                    "list_addresses",
                    "The account's addresses.",
                )
                .await?;
                self.fetch(
                    &format!("{base}/Addresses/AD{}.json", "0".repeat(32)),
                    "addresses",
                    "fetch_address_not_found",
                    "An address that does not exist.",
                )
                .await?;
            }
            "usage" => {
                let base = format!(
                    "/2010-04-01/Accounts/{}/Usage/Records",
                    self.account().await?
                );
                let page = self.get(&format!("{base}.json?PageSize=2")).await?;
                self.next_page(&page).await?;
                self.cut(
                    T,
                    "usage",
                    "list_usage_records",
                    "Usage records two per page, following next_page_uri once.",
                )?;
                for window in [
                    "AllTime",
                    "Daily",
                    "LastMonth",
                    "Monthly",
                    "ThisMonth",
                    "Today",
                    "Yearly",
                    "Yesterday",
                ] {
                    self.get(&format!("{base}/{window}.json?PageSize=2"))
                        .await?;
                    let name = format!("list_usage_records_{}", window.to_snake_case());
                    self.cut(
                        T,
                        "usage",
                        &name,
                        &format!("Usage records over the {window} period."),
                    )?;
                }
                self.fetch(
                    &format!("{base}.json?Page=1&PageSize=2"),
                    "usage",
                    "list_usage_records_page_without_token",
                    "Page=1 without a PageToken.",
                )
                .await?;
            }
            "connections" => {
                const C: Service = Service::Control;
                let listed = self
                    .call(C, "GET", "/connections?app=twilio", Payload::None, None)
                    .await?;
                self.cut(
                    C,
                    "connections",
                    "list_connections",
                    "The key's Twilio connections.",
                )?;
                if let Some(id) = listed.str_at("/connections/0/connection_id") {
                    self.call(C, "GET", &format!("/connections/{id}"), Payload::None, None)
                        .await?;
                    self.cut(C, "connections", "get_connection", "The first connection.")?;
                }
                let created = self
                    .call(
                        C,
                        "POST",
                        "/connections",
                        Payload::Json(json!({"app": "twilio"})),
                        None,
                    )
                    .await?;
                self.cut(
                    C,
                    "connections",
                    "create_connection",
                    "Starting a connection (deleted right after).",
                )?;
                if let Some(id) = created.str_at("/connection/connection_id") {
                    self.call(
                        C,
                        "DELETE",
                        &format!("/connections/{id}"),
                        Payload::None,
                        None,
                    )
                    .await?;
                    self.cut(
                        C,
                        "connections",
                        "delete_connection",
                        "Deleting the connection just started.",
                    )?;
                }
                self.call(
                    C,
                    "GET",
                    "/connections/00000000-0000-4000-8000-000000000000",
                    Payload::None,
                    None,
                )
                .await?;
                self.cut(
                    C,
                    "connections",
                    "get_connection_not_found",
                    "A connection that does not exist.",
                )?;
            }
            "gateway" => {
                self.call(
                    T,
                    "GET",
                    "/2010-04-01/Accounts.json",
                    Payload::None,
                    Some("not-a-valid-maton-key"),
                )
                .await?;
                self.cut(
                    T,
                    "gateway",
                    "invalid_key_401",
                    "The gateway's answer to a key it does not know.",
                )?;
            }
            other => return Err(format!("unknown scenario `{other}`")),
        }
        Ok(())
    }
}
