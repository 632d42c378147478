//! One handler per Twilio resource, reached from [`Client`](crate::Client).

/// Setters for optional builder fields: `name(value)` stores `Some(value.into())`.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty;)*) => {$(
        $(#[$doc])*
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            self.$name = Some(value.into());
            self
        }
    )*};
}
pub(crate) use setters;

/// Setters taking exactly the field's type (dates: `"…".parse()?` then infers).
macro_rules! exact_setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty;)*) => {$(
        $(#[$doc])*
        pub fn $name(mut self, value: $ty) -> Self {
            self.$name = Some(value);
            self
        }
    )*};
}

mod accounts;
mod addresses;
mod applications;
mod calls;
mod messages;
mod phone_numbers;
mod queues;
mod usage;

pub use accounts::{Accounts, ListAccounts, UpdateAccount};
pub use addresses::{Addresses, CreateAddress, ListAddresses, UpdateAddress};
pub use applications::{ApplicationSettings, Applications, ListApplications};
pub use calls::{Calls, ListCalls, PlaceCall, UpdateCall};
pub use messages::{ListMessages, Messages, SendMessage};
pub use phone_numbers::{
    AvailableNumbers, BuyNumber, ListPhoneNumbers, NumberKind, PhoneNumbers, SearchNumbers,
    UpdatePhoneNumber,
};
pub use queues::{ListQueues, Queues};
pub use usage::{ListUsageRecords, Usage, UsageWindow};
