//! The lists the Twilio API (and so the emulator) serves under an account, for tests that probe
//! every one of them.

/// Every list under `/2010-04-01/Accounts/{AccountSid}/`, relative to it.
pub const ACCOUNT_LISTS: &[&str] = &[
    "Messages.json",
    "Calls.json",
    "IncomingPhoneNumbers.json",
    "Applications.json",
    "Queues.json",
    "Addresses.json",
    "Usage/Records.json",
    "Usage/Records/AllTime.json",
    "Usage/Records/Daily.json",
    "Usage/Records/LastMonth.json",
    "Usage/Records/Monthly.json",
    "Usage/Records/ThisMonth.json",
    "Usage/Records/Today.json",
    "Usage/Records/Yearly.json",
    "Usage/Records/Yesterday.json",
    "AvailablePhoneNumbers/US/Local.json",
    "AvailablePhoneNumbers/US/TollFree.json",
    "AvailablePhoneNumbers/US/Mobile.json",
];
