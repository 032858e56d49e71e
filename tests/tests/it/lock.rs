//! The quick lock of a shared tablet (issue 21), over HTTP without a socket: a PIN is set only
//! with the password and only if it is hard enough to guess; a session of a user with a PIN
//! locks when idle or on request and then serves nothing but the locked page (pages send there,
//! server functions, the event stream and FHIR answer 401, each refusal logged); the PIN opens
//! it, five wrong PINs end it; it does not end at the 15-minute idle limit, the 12-hour one
//! holds. Users without a PIN are as before.

use chrono::{Duration, Utc};
use http::{header, StatusCode};
use lindra_app::model::AuditAction;
use lindra_app::pages::login::DEMO_PASSWORD;
use lindra_server::auth::token;
use lindra_tests::app::{sqlite_app, TestApp};

const PIN: &str = "2580";

fn form(fields: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(fields).expect("form")
}

async fn set_pin(app: &TestApp, cookie: &str, password: &str, pin: &str, again: &str) -> Option<String> {
    let answer =
        app.post_form("/pin", cookie, &form(&[("passord", password), ("pin", pin), ("pin2", again)])).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    answer.header(header::LOCATION).map(str::to_string)
}

/// The actions and outcomes of the user's own rows, oldest first.
async fn own_rows(app: &TestApp, username: &str) -> Vec<(String, String)> {
    let user = app.storage.user_by_username(username).await.expect("user").expect("some");
    let mut rows: Vec<_> = app
        .storage
        .audit_without_patient(1000)
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.user_id == Some(user.id))
        .filter(|e| {
            matches!(e.action, AuditAction::PinSet | AuditAction::SessionLock | AuditAction::SessionUnlock)
        })
        .map(|e| (e.action.code().to_string(), e.outcome.code().to_string()))
        .collect();
    rows.reverse();
    rows
}

#[tokio::test]
async fn a_pin_needs_the_password_and_is_hard_enough_to_guess() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let page = app.get("/pin", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("PIN-kode for rask opplåsing"), "{}", page.body);
    for (password, pin, again, problem) in [
        ("feil passord", PIN, PIN, "passord"),
        (DEMO_PASSWORD, "12", "12", "form"),
        (DEMO_PASSWORD, "1234", "1234", "enkel"),
        (DEMO_PASSWORD, "7777", "7777", "enkel"),
        (DEMO_PASSWORD, PIN, "2581", "ulike"),
    ] {
        let to = set_pin(&app, &cookie, password, pin, again).await;
        assert_eq!(to.as_deref(), Some(format!("/pin?feil={problem}").as_str()), "{pin}");
        let shown = app.get(&format!("/pin?feil={problem}"), &cookie).await;
        assert!(shown.body.contains("field-error"), "the message at its field");
    }
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    assert_eq!(app.storage.pin_hash(user.id).await.expect("pin"), None, "nothing stored");
    assert_eq!(set_pin(&app, &cookie, DEMO_PASSWORD, PIN, PIN).await.as_deref(), Some("/pin?lagret=1"));
    let stored = app.storage.pin_hash(user.id).await.expect("pin").expect("stored");
    assert!(stored.starts_with("$argon2id$"), "a hash, not the PIN: {stored}");
    let rows = own_rows(&app, "demo.sykepleier").await;
    assert_eq!(rows.first().map(|r| r.1.as_str()), Some("failed"), "{rows:?}");
    assert_eq!(rows.last().map(|r| (r.0.as_str(), r.1.as_str())), Some(("pin.set", "ok")), "{rows:?}");
    // The header now offers the lock and tells the page when to lock.
    let header = app.get("/", &cookie).await;
    assert!(header.body.contains("data-lock-after-ms=\"120000\""), "{}", header.body);
}

#[tokio::test]
async fn a_locked_session_serves_only_the_locked_page_until_the_pin_opens_it() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    set_pin(&app, &cookie, DEMO_PASSWORD, PIN, PIN).await;
    let p = app.patient_of_unit(1).await;
    let back = format!("/pasient/{}", p.id);
    assert_eq!(app.get(&back, &cookie).await.status, StatusCode::OK);

    let locked = app.post_form("/laas", &cookie, &form(&[("tilbake", &back)])).await;
    assert_eq!(
        locked.header(header::LOCATION),
        Some(format!("/laast?tilbake=%2Fpasient%2F{}", p.id).as_str())
    );
    // Pages go to the locked page; the rest is refused.
    let page = app.get(&back, &cookie).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header(header::LOCATION), Some(format!("/laast?tilbake=%2Fpasient%2F{}", p.id).as_str()));
    let api = app.post_json("/api/patient_overview", &cookie, serde_json::json!({"patient_id": p.id})).await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert!(api.body.contains("låst"), "{}", api.body);
    assert_eq!(app.get("/hendelser", &cookie).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get(&format!("/fhir/Patient/{}", p.id), &cookie).await.status, StatusCode::UNAUTHORIZED);
    // The locked page: who, and the PIN field; no patient.
    let lock_page = app.get("/laast", &cookie).await;
    assert_eq!(lock_page.status, StatusCode::OK);
    assert!(lock_page.body.contains("Låst") && lock_page.body.contains("name=\"pin\""), "{}", lock_page.body);
    assert!(!lock_page.body.contains(&p.name), "no patient name on the locked page");
    assert!(!lock_page.body.contains("Lås nettbrettet nå"), "no «Lås» button where it would do nothing");

    let wrong = app.post_form("/laas-opp", &cookie, &form(&[("pin", "1357"), ("tilbake", &back)])).await;
    assert!(
        wrong.header(header::LOCATION).is_some_and(|l| l.starts_with("/laast?feil=1")),
        "{:?}",
        wrong.headers
    );
    assert_eq!(app.get(&back, &cookie).await.status, StatusCode::SEE_OTHER, "still locked");
    let right = app.post_form("/laas-opp", &cookie, &form(&[("pin", PIN), ("tilbake", &back)])).await;
    assert_eq!(right.header(header::LOCATION), Some(back.as_str()));
    assert_eq!(app.get(&back, &cookie).await.status, StatusCode::OK, "open again");
    // A way back elsewhere is not followed.
    app.post_form("/laas", &cookie, "").await;
    let away =
        app.post_form("/laas-opp", &cookie, &form(&[("pin", PIN), ("tilbake", "//evil.example/")])).await;
    assert_eq!(away.header(header::LOCATION), Some("/"));
    // A tab (dropped by browsers: "/\t/evil.example" is read as "//evil.example"), a backslash,
    // a newline: the start page instead.
    for sneaky in ["/\t/evil.example", "/\\evil.example", "/a\nb"] {
        app.post_form("/laas", &cookie, "").await;
        let away = app.post_form("/laas-opp", &cookie, &form(&[("pin", PIN), ("tilbake", sneaky)])).await;
        assert_eq!(away.header(header::LOCATION), Some("/"), "{sneaky:?}");
    }

    let rows = own_rows(&app, "demo.sykepleier").await;
    let kinds: Vec<_> = rows.iter().map(|(a, o)| format!("{a}:{o}")).collect();
    let mut expected = vec!["pin.set:ok", "session.lock:ok", "session.unlock:failed", "session.unlock:ok"];
    expected.extend(["session.lock:ok", "session.unlock:ok"].repeat(4));
    assert_eq!(kinds, expected);
    // Every refusal while locked is in the user's log too.
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    let refused = app.storage.audit_without_patient(1000).await.expect("audit");
    let refused = refused
        .iter()
        .filter(|e| {
            e.user_id == Some(user.id) && e.action == AuditAction::Request && e.outcome.code() == "denied"
        })
        .count();
    assert!(refused >= 4, "{refused} refusals logged");
}

#[tokio::test]
async fn five_wrong_pins_end_the_session() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    set_pin(&app, &cookie, DEMO_PASSWORD, PIN, PIN).await;
    app.post_form("/laas", &cookie, "").await;
    for n in 1..=4 {
        let wrong = app.post_form("/laas-opp", &cookie, &form(&[("pin", "9173")])).await;
        assert!(wrong.header(header::LOCATION).is_some_and(|l| l.starts_with("/laast?feil=1")), "try {n}");
    }
    let fifth = app.post_form("/laas-opp", &cookie, &form(&[("pin", "9173")])).await;
    assert_eq!(fifth.header(header::LOCATION), Some("/logg-inn?feil=pin"));
    // Ended: even the right PIN does not open it now; a full sign-in does.
    let late = app.post_form("/laas-opp", &cookie, &form(&[("pin", PIN)])).await;
    assert_eq!(late.header(header::LOCATION), Some("/logg-inn"));
    assert_eq!(app.get("/enhet/1", &cookie).await.status, StatusCode::SEE_OTHER);
    let login = app.get("/logg-inn?feil=pin", "").await;
    assert!(login.body.contains("For mange feil PIN-koder"), "{}", login.body);
    let rows = own_rows(&app, "demo.sykepleier").await;
    assert_eq!(rows.last().map(|r| r.1.as_str()), Some("throttled"), "{rows:?}");
}

#[tokio::test]
async fn an_idle_session_with_a_pin_locks_instead_of_ending() {
    let app = sqlite_app().await;
    let now = Utc::now();
    let cookie = app.login("demo.sykepleier").await;
    set_pin(&app, &cookie, DEMO_PASSWORD, PIN, PIN).await;
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    // Put down three minutes ago: locked at the next request, and logged.
    let put_down = token::new_token().expect("token");
    let cookie = format!("lindra_session={put_down}");
    app.storage
        .create_session(&token::token_hash(&put_down), user.id, now - Duration::minutes(3))
        .await
        .expect("session");
    assert_eq!(app.get("/enhet/1", &cookie).await.status, StatusCode::SEE_OTHER);
    let record = app.storage.session(&token::token_hash(&put_down)).await.expect("lookup").expect("kept");
    assert!(record.locked, "locked, not ended");
    // An hour away (past the 15-minute idle limit): still there, still locked, the PIN opens it.
    let lunch = token::new_token().expect("token");
    app.storage
        .create_session(&token::token_hash(&lunch), user.id, now - Duration::minutes(60))
        .await
        .expect("session");
    let cookie = format!("lindra_session={lunch}");
    assert_eq!(
        app.get("/enhet/1", &cookie).await.header(header::LOCATION),
        Some("/laast?tilbake=%2Fenhet%2F1")
    );
    let open = app.post_form("/laas-opp", &cookie, &form(&[("pin", PIN), ("tilbake", "/enhet/1")])).await;
    assert_eq!(open.header(header::LOCATION), Some("/enhet/1"));
    assert_eq!(app.get("/enhet/1", &cookie).await.status, StatusCode::OK);
    // The 12-hour limit holds for it too.
    let shift = token::new_token().expect("token");
    app.storage
        .create_session(&token::token_hash(&shift), user.id, now - Duration::hours(13))
        .await
        .expect("session");
    app.storage.touch_session(&token::token_hash(&shift), now).await.expect("touch");
    let cookie = format!("lindra_session={shift}");
    assert_eq!(app.get("/enhet/1", &cookie).await.header(header::LOCATION), Some("/logg-inn"));
    // A user without a PIN: three minutes idle is nothing, sixteen end the session as before.
    let other = app.storage.user_by_username("demo.helsefag").await.expect("user").expect("some");
    let short = token::new_token().expect("token");
    app.storage
        .create_session(&token::token_hash(&short), other.id, now - Duration::minutes(3))
        .await
        .expect("session");
    assert_eq!(app.get("/enhet/1", &format!("lindra_session={short}")).await.status, StatusCode::OK);
    let page = app.get("/enhet/1", &format!("lindra_session={short}")).await;
    assert!(page.body.contains("href=\"/innstillinger\""), "the settings, where the PIN is, are offered");
    assert!(!page.body.contains("data-lock-after-ms=\""), "no lock without a PIN");
}

#[tokio::test]
async fn the_pin_page_throttles_the_password_and_no_pin_means_no_lock() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    // Without a PIN, «Lås» would strand her: it does nothing.
    let lock = app.post_form("/laas", &cookie, &form(&[("tilbake", "/enhet/1")])).await;
    assert_eq!(lock.header(header::LOCATION), Some("/enhet/1"));
    assert_eq!(app.get("/enhet/1", &cookie).await.status, StatusCode::OK, "not locked");
    // Guessing the password at /pin counts as at the sign-in, and is stopped the same way.
    for _ in 0..10 {
        let to = set_pin(&app, &cookie, "gjetter passordet", PIN, PIN).await;
        assert_eq!(to.as_deref(), Some("/pin?feil=passord"));
    }
    let to = set_pin(&app, &cookie, DEMO_PASSWORD, PIN, PIN).await;
    assert_eq!(to.as_deref(), Some("/pin?feil=sperret"), "even the right one, for now");
    let page = app.get("/pin?feil=sperret", &cookie).await;
    assert!(page.body.contains("for mange feil forsøk"), "{}", page.body);
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    assert_eq!(app.storage.pin_hash(user.id).await.expect("pin"), None);
    let rows = own_rows(&app, "demo.sykepleier").await;
    assert_eq!(rows.last().map(|r| (r.0.as_str(), r.1.as_str())), Some(("pin.set", "throttled")), "{rows:?}");
}

/// A unit's own lock time (issue 21): its staff's tablets lock after it, not the server's; a
/// user in two units gets the shorter; a time outside 1-60 minutes is refused at its field.
#[tokio::test]
async fn a_unit_sets_how_soon_its_tablets_lock() {
    use lindra_app::model::NewUnit;
    let app = sqlite_app().await;
    let now = Utc::now();
    let admin = app.login("demo.admin").await;
    let unit = app.storage.unit(1).await.expect("unit").expect("unit 1");
    let with_minutes = |minutes: i64| {
        let mut json = serde_json::to_value(NewUnit::from(&unit)).expect("json");
        json["lock_after_minutes"] = serde_json::json!(minutes);
        serde_json::json!({ "unit_id": 1, "unit": json })
    };
    let refused = app.post_json("/api/admin_update_unit", &admin, with_minutes(0)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("unit.lock_after_minutes"), "{}", refused.body);
    let saved = app.post_json("/api/admin_update_unit", &admin, with_minutes(1)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

    let cookie = app.login("demo.sykepleier").await;
    set_pin(&app, &cookie, DEMO_PASSWORD, PIN, PIN).await;
    let session = app.post_json("/api/current_session", &cookie, serde_json::json!({})).await;
    assert!(
        session.body.contains("\"lock_after_ms\":60000"),
        "the page locks after a minute: {}",
        session.body
    );
    // Put down 90 seconds ago: past the unit's minute (the server's own is two), so locked.
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    let put_down = token::new_token().expect("token");
    app.storage
        .create_session(&token::token_hash(&put_down), user.id, now - Duration::seconds(90))
        .await
        .expect("session");
    let cookie = format!("lindra_session={put_down}");
    assert_eq!(app.get("/enhet/1", &cookie).await.status, StatusCode::SEE_OTHER);
    assert!(app.storage.session(&token::token_hash(&put_down)).await.expect("s").expect("kept").locked);
    // The resource nurse works in units 1 and 2: the shorter time holds for her.
    let ressurs = app.login("demo.ressurs").await;
    set_pin(&app, &ressurs, DEMO_PASSWORD, PIN, PIN).await;
    let session = app.post_json("/api/current_session", &ressurs, serde_json::json!({})).await;
    assert!(session.body.contains("\"lock_after_ms\":60000"), "{}", session.body);
    // A unit without its own: the server's two minutes.
    let other = app.login("demo.avd3").await;
    set_pin(&app, &other, DEMO_PASSWORD, PIN, PIN).await;
    let session = app.post_json("/api/current_session", &other, serde_json::json!({})).await;
    assert!(session.body.contains("\"lock_after_ms\":120000"), "{}", session.body);
}

/// A browser's cookies as a `Cookie` header.
fn cookies(pairs: &[&str]) -> String {
    pairs.join("; ")
}

/// A full sign-in from a browser that sends `cookie` (its tablet cookie, and the session it came
/// with): the new session's cookie.
async fn sign_in_on(app: &TestApp, username: &str, cookie: &str) -> String {
    let request = http::Request::post("/innlogging")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(form(&[("brukernavn", username), ("passord", DEMO_PASSWORD)])))
        .expect("request");
    let answer = app.send(request).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "sign-in of {username}");
    answer.session_cookie().expect("a session cookie")
}

#[tokio::test]
async fn two_nurses_switch_on_one_tablet_each_with_her_own_pin() {
    let app = sqlite_app().await;
    let tablet = format!("lindra_tablet={}", "ab".repeat(32));
    let kari = sign_in_on(&app, "demo.sykepleier", &tablet).await;
    set_pin(&app, &cookies(&[&kari, &tablet]), DEMO_PASSWORD, PIN, PIN).await;
    // Her colleague signs in fully on the same tablet: Kari's session is locked, not ended.
    let ola = sign_in_on(&app, "demo.helsefag", &cookies(&[&kari, &tablet])).await;
    set_pin(&app, &cookies(&[&ola, &tablet]), DEMO_PASSWORD, "3690", "3690").await;
    let kari_page = app.get("/enhet/1", &cookies(&[&kari, &tablet])).await;
    assert!(kari_page.header(header::LOCATION).is_some_and(|l| l.starts_with("/laast")), "Kari's is locked");
    assert_eq!(app.get("/enhet/1", &cookies(&[&ola, &tablet])).await.status, StatusCode::OK);

    // Ola locks it; the locked page names both, and no patient.
    app.post_form("/laas", &cookies(&[&ola, &tablet]), "").await;
    let kari_user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    let ola_user = app.storage.user_by_username("demo.helsefag").await.expect("user").expect("some");
    let locked = app.get("/laast", &cookies(&[&ola, &tablet])).await;
    assert!(locked.body.contains(&kari_user.display_name), "{}", locked.body);
    assert!(locked.body.contains(&format!("value=\"{}\"", kari_user.id)), "{}", locked.body);
    assert!(!locked.body.contains(&app.patient_of_unit(1).await.name));
    // Without the tablet's cookie, nobody is listed, and a colleague's PIN opens nothing.
    let elsewhere = app.get("/laast", &ola).await;
    assert!(!elsewhere.body.contains(&kari_user.display_name));
    let kari_id = kari_user.id.to_string();
    let refused = app.post_form("/laas-opp", &ola, &form(&[("bruker", &kari_id), ("pin", PIN)])).await;
    assert!(refused.header(header::LOCATION).is_some_and(|l| l.starts_with("/laast?feil=1")));
    assert_eq!(refused.session_cookie(), None);

    // Kari's PIN on Ola's locked screen opens Kari's own session, with a new token.
    let switched = app
        .post_form("/laas-opp", &cookies(&[&ola, &tablet]), &form(&[("bruker", &kari_id), ("pin", PIN)]))
        .await;
    assert_eq!(switched.header(header::LOCATION), Some("/"));
    let kari_again = switched.session_cookie().expect("Kari's session, with a new token");
    assert_ne!(kari_again, kari);
    assert_eq!(app.get("/enhet/1", &cookies(&[&kari_again, &tablet])).await.status, StatusCode::OK);
    assert_eq!(app.get("/enhet/1", &kari).await.status, StatusCode::SEE_OTHER, "the old token opens nothing");
    let ola_page = app.get("/enhet/1", &cookies(&[&ola, &tablet])).await;
    assert!(ola_page.header(header::LOCATION).is_some_and(|l| l.starts_with("/laast")), "Ola's stays locked");

    // Kari locks; five wrong PINs for Ola end Ola's session, not Kari's.
    app.post_form("/laas", &cookies(&[&kari_again, &tablet]), "").await;
    let ola_id = ola_user.id.to_string();
    for _ in 0..5 {
        let wrong = app
            .post_form(
                "/laas-opp",
                &cookies(&[&kari_again, &tablet]),
                &form(&[("bruker", &ola_id), ("pin", "1357")]),
            )
            .await;
        assert!(wrong.header(header::LOCATION).is_some_and(|l| l.starts_with("/laast?feil=1")));
        assert_eq!(wrong.session_cookie(), None);
    }
    assert_eq!(app.get("/enhet/1", &ola).await.header(header::LOCATION), Some("/logg-inn"), "Ola's ended");
    let locked = app.get("/laast", &cookies(&[&kari_again, &tablet])).await;
    assert!(!locked.body.contains(&ola_user.display_name), "Ola is no longer listed");
    let open = app.post_form("/laas-opp", &cookies(&[&kari_again, &tablet]), &form(&[("pin", PIN)])).await;
    assert_eq!(open.header(header::LOCATION), Some("/"), "Kari's own PIN still opens hers");

    let rows: Vec<(String, String)> = app
        .events_without_patient()
        .await
        .into_iter()
        .filter(|e| e.action == AuditAction::SessionSwitch)
        .map(|e| (e.username, e.outcome.code().to_string()))
        .collect();
    let expected: Vec<(String, String)> = [
        ("demo.helsefag", "denied"),
        ("demo.sykepleier", "ok"),
        ("demo.helsefag", "failed"),
        ("demo.helsefag", "failed"),
        ("demo.helsefag", "failed"),
        ("demo.helsefag", "failed"),
        ("demo.helsefag", "throttled"),
    ]
    .iter()
    .map(|(u, o)| (u.to_string(), o.to_string()))
    .collect();
    assert_eq!(rows, expected);
}

#[tokio::test]
async fn a_pin_needs_no_password_within_minutes_of_a_full_sign_in() {
    let app = sqlite_app().await;
    // A nurse who signed in by single sign-on may have no password at all.
    let user = app.storage.user_by_username("demo.sykepleier").await.expect("user").expect("some");
    let earlier = token::new_token().expect("token");
    let signed_in = Utc::now() - Duration::minutes(6);
    app.storage.create_session(&token::token_hash(&earlier), user.id, signed_in).await.expect("session");
    let earlier = format!("lindra_session={earlier}");
    let page = app.get("/pin", &earlier).await;
    assert!(page.body.contains("name=\"passord\"") && page.body.contains("required"), "asked for");
    assert_eq!(
        set_pin(&app, &earlier, "", PIN, PIN).await.as_deref(),
        Some("/pin?feil=passord"),
        "6 minutes on"
    );
    assert_eq!(app.storage.pin_hash(user.id).await.expect("pin"), None);

    let fresh = app.login("demo.sykepleier").await;
    let page = app.get("/pin", &fresh).await;
    assert!(page.body.contains("trengs ikke nå"), "{}", page.body);
    // A wrong password given anyway is still wrong.
    assert_eq!(set_pin(&app, &fresh, "feil passord", PIN, PIN).await.as_deref(), Some("/pin?feil=passord"));
    assert_eq!(set_pin(&app, &fresh, "", PIN, PIN).await.as_deref(), Some("/pin?lagret=1"));
    assert!(app.storage.pin_hash(user.id).await.expect("pin").is_some());
}
