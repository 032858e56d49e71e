//! The second factor (issue 21), over HTTP without a socket: the administrator and anyone who
//! works in more than one unit must set up TOTP before anything else; a nurse of one unit may.
//! Setting up shows a QR code and the secret, and is confirmed with a first code and the
//! password; the answer shows ten recovery codes once and gives a new session. At sign-in the
//! password is followed by the code (each code good once), or a recovery code (each good once);
//! five wrong end the sign-in. Renewing the codes and removing the factor ask for the password;
//! a user who must have one cannot remove it. Every step is logged.

use chrono::Utc;
use http::{header, StatusCode};
use lindra_app::pages::login::DEMO_PASSWORD;
use lindra_app::totp;
use lindra_tests::app::{sqlite_app, sqlite_app_requiring_second_factor, Answer, TestApp};

fn form(fields: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(fields).expect("form")
}

fn cookie_of(answer: &Answer) -> String {
    let set = answer.header(header::SET_COOKIE).expect("a session cookie");
    set.split(';').next().expect("name=value").to_string()
}

/// Password only: the cookie and where the sign-in goes next.
async fn password(app: &TestApp, username: &str) -> (String, String) {
    let answer = app.login_answer(username, DEMO_PASSWORD).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    (cookie_of(&answer), answer.header(header::LOCATION).unwrap_or_default().to_string())
}

/// The code an authenticator app shows `steps` steps from now.
fn code(secret: &[u8], steps: i64) -> String {
    totp::code_at(secret, totp::step_of(Utc::now().timestamp()) + steps)
}

/// Sets up the factor from `cookie`'s session: the secret, the recovery codes, the new cookie
/// and the code that confirmed it.
async fn set_up(app: &TestApp, cookie: &str) -> (Vec<u8>, Vec<String>, String, String) {
    assert_eq!(app.post_form("/totp/ny", cookie, "").await.header(header::LOCATION), Some("/totp"));
    let page = app.get("/totp", cookie).await;
    assert!(page.body.contains("<svg"), "a QR code drawn on the server");
    let secret =
        page.body.split("data-secret=\"").nth(1).and_then(|s| s.split('"').next()).expect("the secret");
    let secret = totp::from_base32(secret).expect("base32");
    let first = code(&secret, 0);
    let confirmed =
        app.post_form("/totp/bekreft", cookie, &form(&[("kode", &first), ("passord", DEMO_PASSWORD)])).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    let codes: Vec<String> = confirmed
        .body
        .split("<code>")
        .skip(1)
        .filter_map(|s| s.split("</code>").next())
        .map(str::to_string)
        .collect();
    assert_eq!(codes.len(), 10, "{}", confirmed.body);
    (secret, codes, cookie_of(&confirmed), first)
}

async fn own_rows(app: &TestApp, username: &str) -> Vec<(String, String)> {
    let mut rows: Vec<_> = app
        .storage
        .audit_without_patient(1000)
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.username == username && e.action.code().starts_with("second_factor"))
        .map(|e| (e.action.code().to_string(), e.outcome.code().to_string()))
        .collect();
    rows.reverse();
    rows
}

#[tokio::test]
async fn an_administrator_sets_up_a_second_factor_first_and_then_signs_in_with_it() {
    let app = sqlite_app_requiring_second_factor().await;
    let (cookie, next) = password(&app, "demo.admin").await;
    assert_eq!(next, "/totp", "set it up before anything else");
    assert_eq!(app.get("/admin", &cookie).await.header(header::LOCATION), Some("/totp"));
    assert_eq!(
        app.post_json("/api/admin", &cookie, serde_json::json!({})).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert!(app.get("/totp", &cookie).await.body.contains("Rollen din krever totrinnsinnlogging"));

    // A wrong password or a wrong first code changes nothing.
    app.post_form("/totp/ny", &cookie, "").await;
    let wrong =
        app.post_form("/totp/bekreft", &cookie, &form(&[("kode", "123456"), ("passord", "feil")])).await;
    assert_eq!(wrong.header(header::LOCATION), Some("/totp?feil=passord"));
    let wrong = app
        .post_form("/totp/bekreft", &cookie, &form(&[("kode", "000000"), ("passord", DEMO_PASSWORD)]))
        .await;
    assert_eq!(wrong.header(header::LOCATION), Some("/totp?feil=kode"));

    let (secret, codes, signed_in, first) = set_up(&app, &cookie).await;
    assert_ne!(signed_in, cookie, "a new session id");
    assert_eq!(
        app.get("/admin", &cookie).await.header(header::LOCATION),
        Some("/logg-inn"),
        "the old one ended"
    );
    assert_eq!(app.get("/admin", &signed_in).await.status, StatusCode::OK);
    let user = app.storage.user_by_username("demo.admin").await.expect("user").expect("some");
    let stored = app.storage.totp(user.id).await.expect("totp").expect("stored");
    assert_eq!(stored.recovery_codes_left, 10);
    assert!(!stored.secret.is_empty() && stored.confirmed_at.is_some());

    // Next sign-in: the password, then the code; the code that confirmed it is used already.
    let (cookie, next) = password(&app, "demo.admin").await;
    assert_eq!(next, "/logg-inn/kode");
    assert_eq!(app.get("/admin", &cookie).await.header(header::LOCATION), Some("/logg-inn/kode"));
    let header = app.get("/logg-inn/kode", &cookie).await;
    assert!(!header.body.contains("class=\"who-name\""), "not signed in yet: no name in the header");
    let used = app.post_form("/innlogging/kode", &cookie, &form(&[("kode", &first)])).await;
    assert_eq!(used.header(header::LOCATION), Some("/logg-inn/kode?feil=kode"), "each code once");
    let right = app.post_form("/innlogging/kode", &cookie, &form(&[("kode", &code(&secret, 1))])).await;
    assert_eq!(right.header(header::LOCATION), Some("/"));
    let full = cookie_of(&right);
    assert_eq!(app.get("/admin", &full).await.status, StatusCode::OK);
    assert_eq!(
        app.get("/admin", &cookie).await.header(header::LOCATION),
        Some("/logg-inn"),
        "a new session id"
    );

    // A recovery code, once.
    let (cookie, _) = password(&app, "demo.admin").await;
    let with_code =
        app.post_form("/innlogging/kode", &cookie, &form(&[("kode", &codes[0].to_lowercase())])).await;
    assert_eq!(with_code.header(header::LOCATION), Some("/"));
    let (cookie, _) = password(&app, "demo.admin").await;
    let again = app.post_form("/innlogging/kode", &cookie, &form(&[("kode", &codes[0])])).await;
    assert_eq!(again.header(header::LOCATION), Some("/logg-inn/kode?feil=kode"));
    assert_eq!(app.storage.totp(user.id).await.expect("totp").expect("some").recovery_codes_left, 9);

    // It cannot be removed: the role requires it.
    let remove = app.post_form("/totp/av", &full, &form(&[("passord", DEMO_PASSWORD)])).await;
    assert_eq!(remove.header(header::LOCATION), Some("/totp?feil=paakrevd"));
    let rows = own_rows(&app, "demo.admin").await;
    for row in
        [("second_factor.change", "ok"), ("second_factor.check", "ok"), ("second_factor.check", "failed")]
    {
        assert!(rows.iter().any(|r| (r.0.as_str(), r.1.as_str()) == row), "{row:?} in {rows:?}");
    }
}

#[tokio::test]
async fn five_wrong_codes_end_the_sign_in() {
    let app = sqlite_app_requiring_second_factor().await;
    let (cookie, _) = password(&app, "demo.ressurs").await;
    let (secret, _, _, _) = set_up(&app, &cookie).await;
    let (cookie, next) = password(&app, "demo.ressurs").await;
    assert_eq!(next, "/logg-inn/kode");
    for _ in 0..4 {
        let wrong = app.post_form("/innlogging/kode", &cookie, &form(&[("kode", "000000")])).await;
        assert_eq!(wrong.header(header::LOCATION), Some("/logg-inn/kode?feil=kode"));
    }
    let last = app.post_form("/innlogging/kode", &cookie, &form(&[("kode", "999999")])).await;
    assert_eq!(last.header(header::LOCATION), Some("/logg-inn?feil=kode"));
    let late = app.post_form("/innlogging/kode", &cookie, &form(&[("kode", &code(&secret, 1))])).await;
    assert_eq!(late.header(header::LOCATION), Some("/logg-inn"), "the session is gone");
    let rows = own_rows(&app, "demo.ressurs").await;
    assert_eq!(rows.last().map(|r| r.1.as_str()), Some("throttled"), "{rows:?}");
}

#[tokio::test]
async fn a_nurse_of_one_unit_may_set_one_up_renew_its_codes_and_remove_it() {
    let app = sqlite_app_requiring_second_factor().await;
    let (cookie, next) = password(&app, "demo.sykepleier").await;
    assert_eq!(next, "/", "not required for one unit");
    let (secret, codes, cookie, _) = set_up(&app, &cookie).await;
    let (pending, next) = password(&app, "demo.sykepleier").await;
    assert_eq!(next, "/logg-inn/kode", "asked for once it is set up");
    let right = app.post_form("/innlogging/kode", &pending, &form(&[("kode", &code(&secret, 1))])).await;
    assert_eq!(right.header(header::LOCATION), Some("/"));

    let wrong = app.post_form("/totp/nye-koder", &cookie, &form(&[("passord", "feil")])).await;
    assert_eq!(wrong.header(header::LOCATION), Some("/totp?feil=passord"));
    let renewed = app.post_form("/totp/nye-koder", &cookie, &form(&[("passord", DEMO_PASSWORD)])).await;
    assert_eq!(renewed.status, StatusCode::OK);
    let (pending, _) = password(&app, "demo.sykepleier").await;
    let old = app.post_form("/innlogging/kode", &pending, &form(&[("kode", &codes[1])])).await;
    assert_eq!(old.header(header::LOCATION), Some("/logg-inn/kode?feil=kode"), "old codes stop working");

    let removed = app.post_form("/totp/av", &cookie, &form(&[("passord", DEMO_PASSWORD)])).await;
    assert_eq!(removed.header(header::LOCATION), Some("/totp?fjernet=1"));
    let (_, next) = password(&app, "demo.sykepleier").await;
    assert_eq!(next, "/", "no code asked any more");
}

#[tokio::test]
async fn optional_policy_asks_only_those_who_have_one() {
    let app = sqlite_app().await;
    let (_, next) = password(&app, "demo.admin").await;
    assert_eq!(next, "/", "the demo's policy makes nobody set one up");
}

#[tokio::test]
async fn the_administrator_removes_a_lost_second_factor_and_the_user_sets_one_up_again() {
    let app = sqlite_app_requiring_second_factor().await;
    let (cookie, _) = password(&app, "demo.ressurs").await;
    let (_, _, signed_in, _) = set_up(&app, &cookie).await;
    let user = app.storage.user_by_username("demo.ressurs").await.expect("user").expect("some");
    // The administrator signs in with her own factor, then removes the lost one.
    let (admin, _) = password(&app, "demo.admin").await;
    let (_, _, admin, _) = set_up(&app, &admin).await;
    let page = app.post_json("/api/admin", &admin, serde_json::json!({})).await;
    let data: serde_json::Value = serde_json::from_str(&page.body).expect("json");
    let with_factor: Vec<i64> = serde_json::from_value(data["second_factor_users"].clone()).expect("ids");
    assert!(with_factor.contains(&user.id), "the page knows who has one: {with_factor:?}");
    let nurse_tries = app
        .post_json("/api/admin_reset_second_factor", &signed_in, serde_json::json!({"user_id": user.id}))
        .await;
    assert_eq!(nurse_tries.status, StatusCode::FORBIDDEN, "only the administrator");
    let reset = app
        .post_json("/api/admin_reset_second_factor", &admin, serde_json::json!({"user_id": user.id}))
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    assert_eq!(app.storage.totp(user.id).await.expect("totp"), None);
    assert_eq!(
        app.get("/", &signed_in).await.header(header::LOCATION),
        Some("/logg-inn"),
        "signed out everywhere"
    );
    let (_, next) = password(&app, "demo.ressurs").await;
    assert_eq!(next, "/totp", "set up again at the next sign-in");
    let rows = own_rows(&app, "demo.admin").await;
    assert!(rows.contains(&("second_factor.change".to_string(), "ok".to_string())), "{rows:?}");
}

/// A unit can ask a second factor of everyone who works in it (issue 21), whatever the server's
/// policy: a nurse of that unit with one unit only is sent to set it up at her next sign-in, and
/// cannot switch it off; a colleague of another unit is not asked.
#[tokio::test]
async fn a_unit_that_asks_it_of_all_gets_a_second_factor_from_everyone() {
    let app = sqlite_app().await;
    let (_, next) = password(&app, "demo.sykepleier").await;
    assert_eq!(next, "/", "the server's policy (optional here) does not ask it of her");
    let admin = app.login("demo.admin").await;
    let unit = app.storage.unit(1).await.expect("unit").expect("unit 1");
    let mut json = serde_json::to_value(lindra_app::model::NewUnit::from(&unit)).expect("json");
    json["second_factor_for_all"] = serde_json::json!(true);
    let saved = app
        .post_json("/api/admin_update_unit", &admin, serde_json::json!({ "unit_id": 1, "unit": json }))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

    let (cookie, next) = password(&app, "demo.sykepleier").await;
    assert_eq!(next, "/totp", "set it up before anything else");
    assert_eq!(app.get("/enhet/1", &cookie).await.header(header::LOCATION), Some("/totp"));
    let (_, cookie) = {
        let (_, codes, cookie, _) = set_up(&app, &cookie).await;
        (codes, cookie)
    };
    let remove = app.post_form("/totp/av", &cookie, &form(&[("passord", DEMO_PASSWORD)])).await;
    assert_eq!(remove.header(header::LOCATION), Some("/totp?feil=paakrevd"), "required: it stays");
    let (_, next) = password(&app, "demo.avd3").await;
    assert_eq!(next, "/", "unit 2's nurse is not asked");
}
