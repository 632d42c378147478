//! Owned numbers by type: a number bought through `IncomingPhoneNumbers/Local.json` (or
//! `Mobile`, `TollFree`) is one of the account's numbers like any other, listed under its type
//! and under all numbers; a number of another type is refused.

use super::{refused, start};

#[tokio::test]
async fn numbers_bought_by_type_are_the_accounts_numbers_and_listed_by_type() {
    let (_mock, client, ac) = start().await;
    let local = client
        .create_incoming_phone_number_local()
        .account_sid(ac.as_str())
        .body_map(|b| b.phone_number("+14155553001"))
        .send()
        .await
        .expect("buy local")
        .into_inner();
    assert_eq!(local.phone_number.as_deref(), Some("+14155553001"));
    let toll_free = client
        .create_incoming_phone_number_toll_free()
        .account_sid(ac.as_str())
        .body_map(|b| b.phone_number("+18005551001"))
        .send()
        .await
        .expect("buy toll-free")
        .into_inner();
    let toll_free_sid = toll_free.sid.clone().expect("sid");

    // Both are the account's numbers: fetched and listed by the untyped operations.
    let fetched = client
        .fetch_incoming_phone_number()
        .account_sid(ac.as_str())
        .sid(toll_free_sid.as_str())
        .send()
        .await
        .expect("fetch")
        .into_inner();
    assert_eq!(fetched.phone_number.as_deref(), Some("+18005551001"));
    let numbers = |page: Option<Vec<String>>| {
        let mut page = page.unwrap_or_default();
        page.sort();
        page
    };
    let all = client
        .list_incoming_phone_number()
        .account_sid(ac.as_str())
        .send()
        .await
        .expect("list all")
        .into_inner()
        .incoming_phone_numbers
        .map(|items| items.into_iter().filter_map(|n| n.phone_number).collect());
    let all = numbers(all);
    assert!(all.contains(&"+14155553001".to_string()), "{all:?}");
    assert!(all.contains(&"+18005551001".to_string()), "{all:?}");
    let locals = client
        .list_incoming_phone_number_local()
        .account_sid(ac.as_str())
        .send()
        .await
        .expect("list local")
        .into_inner()
        .incoming_phone_numbers
        .map(|items| items.into_iter().filter_map(|n| n.phone_number).collect());
    let locals = numbers(locals);
    assert!(locals.contains(&"+14155553001".to_string()), "{locals:?}");
    assert!(!locals.contains(&"+18005551001".to_string()), "{locals:?}");
    let toll_free = client
        .list_incoming_phone_number_toll_free()
        .account_sid(ac.as_str())
        .send()
        .await
        .expect("list toll-free")
        .into_inner()
        .incoming_phone_numbers
        .map(|items| items.into_iter().filter_map(|n| n.phone_number).collect());
    assert_eq!(numbers(toll_free), ["+18005551001"]);
    let mobile = client
        .list_incoming_phone_number_mobile()
        .account_sid(ac.as_str())
        .send()
        .await
        .expect("list mobile")
        .into_inner()
        .incoming_phone_numbers;
    assert!(
        numbers(mobile.map(|m| m.into_iter().filter_map(|n| n.phone_number).collect())).is_empty()
    );
}

#[tokio::test]
async fn a_number_of_another_type_is_refused() {
    let (_mock, client, ac) = start().await;
    let wrong = client
        .create_incoming_phone_number_local()
        .account_sid(ac.as_str())
        .body_map(|b| b.phone_number("+18005551002"))
        .send()
        .await;
    assert_eq!(refused(wrong).await, (400, 21421));
    let wrong = client
        .create_incoming_phone_number_mobile()
        .account_sid(ac.as_str())
        .body_map(|b| b.phone_number("+14155553002"))
        .send()
        .await;
    assert_eq!(refused(wrong).await, (400, 21421));
}
