//! Usage records: what the account used (messages, minutes, numbers, ...) and what it cost.

use maton_twilio_api::twilio::Operation;
use std::num::NonZeroU64;

use chrono::NaiveDate;
use maton_twilio_api::twilio::types as wire;

use crate::Error;
use crate::client::Client;
use crate::model::UsageRecord;
use crate::pagination::{FirstPage, Paging, converted_as, list_methods};

/// The account's usage: `client.usage()`.
#[derive(Clone, Debug)]
pub struct Usage {
    client: Client,
}

impl Usage {
    #[inline]
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Lists usage records over any dates (`/Usage/Records`), one record per category; narrow
    /// with [`start_date`](ListUsageRecords::start_date), [`end_date`](ListUsageRecords::end_date)
    /// and [`category`](ListUsageRecords::category), or pick a
    /// [`window`](ListUsageRecords::window).
    ///
    /// ```no_run
    /// # async fn run(client: maton_twilio::Client) -> Result<(), maton_twilio::Error> {
    /// use maton_twilio::UsageWindow;
    /// let sms = client
    ///     .usage()
    ///     .records()
    ///     .window(UsageWindow::ThisMonth)
    ///     .category("sms")
    ///     .all()
    ///     .await?;
    /// for record in sms {
    ///     println!("{:?} {:?}", record.usage, record.price);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    #[inline]
    pub fn records(&self) -> ListUsageRecords {
        ListUsageRecords {
            client: self.client.clone(),
            paging: Paging::default(),
            window: None,
            category: None,
            start_date: None,
            end_date: None,
            include_subaccounts: None,
        }
    }

    /// Lists usage records over one of Twilio's windows (a record per category and period).
    #[inline]
    pub fn records_for(&self, window: UsageWindow) -> ListUsageRecords {
        self.records().window(window)
    }
}

/// The periods Twilio groups usage records by, each its own sub-list (`/Usage/Records/Daily`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UsageWindow {
    /// Since the account was created: one record per category.
    AllTime,
    /// One record per category and day.
    Daily,
    /// Last calendar month.
    LastMonth,
    /// One record per category and month.
    Monthly,
    /// This calendar month so far.
    ThisMonth,
    /// Today so far.
    Today,
    /// One record per category and year.
    Yearly,
    /// Yesterday.
    Yesterday,
}

/// Lists usage records: `client.usage().records()`.
///
/// Checked before the request: the category is not blank; the start date is not after the end
/// date.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListUsageRecords {
    client: Client,
    paging: Paging,
    window: Option<UsageWindow>,
    category: Option<String>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    include_subaccounts: Option<bool>,
}

impl ListUsageRecords {
    // The filters are kept rather than forwarded to a generated request: every one but
    // `include_subaccounts` is checked first, and the window picks which of nine operations runs.

    kept_setters! {
        /// Only this usage category (`sms`, `calls`, `phonenumbers`, `totalprice`, ...).
        category(category): impl Into<String>;
    }

    kept_setters! {
        /// Which of Twilio's windows to read; without one, `/Usage/Records` (all categories
        /// over the given dates).
        window(window): UsageWindow;
        /// Whether to add the subaccounts' usage (on by default).
        include_subaccounts(include): bool;
        /// Only usage on or after this date.
        start_date(date): NaiveDate;
        /// Only usage on or before this date.
        end_date(date): NaiveDate;
    }

    #[inline]
    fn validate(&self) -> Result<(), Error> {
        if let Some(category) = &self.category {
            crate::rules::not_blank("category", category)?;
        }
        if let (Some(start), Some(end)) = (self.start_date, self.end_date)
            && start > end
        {
            return Err(Error::invalid_input(
                "start_date",
                format!("{start} is after the end date {end}"),
            ));
        }
        Ok(())
    }

    /// The operation the window is (`ListUsageRecordDaily`), named in errors.
    #[inline]
    fn operation(&self) -> &'static str {
        match self.window {
            None => Operation::ListUsageRecord.id(),
            Some(UsageWindow::AllTime) => Operation::ListUsageRecordAllTime.id(),
            Some(UsageWindow::Daily) => Operation::ListUsageRecordDaily.id(),
            Some(UsageWindow::LastMonth) => Operation::ListUsageRecordLastMonth.id(),
            Some(UsageWindow::Monthly) => Operation::ListUsageRecordMonthly.id(),
            Some(UsageWindow::ThisMonth) => Operation::ListUsageRecordThisMonth.id(),
            Some(UsageWindow::Today) => Operation::ListUsageRecordToday.id(),
            Some(UsageWindow::Yearly) => Operation::ListUsageRecordYearly.id(),
            Some(UsageWindow::Yesterday) => Operation::ListUsageRecordYesterday.id(),
        }
    }

    #[inline]
    fn first_page(self, size: Option<NonZeroU64>) -> FirstPage<UsageRecord> {
        Box::pin(async move {
            self.validate()?;
            let account = self.client.account_sid().await?;
            let api = self.client.api();
            let account = account.as_str();
            macro_rules! run {
                ($op:ident) => {{
                    let name = self.operation();
                    let mut r = api.$op().account_sid(account);
                    set_some!(r;
                        page_size: size,
                        category: self.category,
                        start_date: self.start_date,
                        end_date: self.end_date,
                        include_subaccounts: self.include_subaccounts,
                    );
                    converted_as(name, r.send().await).await
                }};
            }
            match self.window {
                None => run!(list_usage_record),
                Some(UsageWindow::AllTime) => run!(list_usage_record_all_time),
                Some(UsageWindow::Daily) => run!(list_usage_record_daily),
                Some(UsageWindow::LastMonth) => run!(list_usage_record_last_month),
                Some(UsageWindow::Monthly) => run!(list_usage_record_monthly),
                Some(UsageWindow::ThisMonth) => run!(list_usage_record_this_month),
                Some(UsageWindow::Today) => run!(list_usage_record_today),
                Some(UsageWindow::Yearly) => run!(list_usage_record_yearly),
                Some(UsageWindow::Yesterday) => run!(list_usage_record_yesterday),
            }
        })
    }
}

list_methods!(ListUsageRecords, UsageRecord, wire::UsageRecordPage, named);
