//! The few answers the server gives outside the Leptos app: refusals and outages, as small
//! pages that need no script and no session, in the language they are given (the signed-in
//! user's, else bokmål; `crate::text`).

use crate::text::ServerWords;
use lindra::Language;
use lindra_app::text::UiWords;

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub fn message_page(language: Language, title: &str, message: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} – Lindra</title></head>\
         <body>\
         <h1>{title}</h1><p>{message}</p><p><a href=\"/\">{home}</a></p></body></html>",
        lang = language.code(),
        title = escape(title),
        message = escape(message),
        home = escape(ServerWords::of(language).to_lindra),
    )
}

/// A page that opens `next` (a local path) by itself at once, with a link for a browser that
/// does not: the end of a single sign-on (`crate::auth::sso`).
pub fn moving_on(language: Language, title: &str, next: &str) -> String {
    let next = escape(next);
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"refresh\" content=\"0;url={next}\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} – Lindra</title></head>\
         <body><h1>{title}</h1><p><a href=\"{next}\">{go_on}</a></p></body></html>",
        lang = language.code(),
        title = escape(title),
        go_on = escape(ServerWords::of(language).go_on),
    )
}

/// The database could not serve the request; `message` says why (`UiWords::database_unavailable`,
/// `disk_full`).
pub fn unavailable(language: Language, message: &str) -> String {
    let words = ServerWords::of(language);
    message_page(language, words.unavailable_title, &(words.not_sent)(message))
}

pub fn timed_out(language: Language) -> String {
    message_page(language, ServerWords::of(language).timed_out_title, UiWords::of(language).timed_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_speaks_the_language_it_is_given() {
        let bokmal = unavailable(Language::Nb, UiWords::of(Language::Nb).database_unavailable);
        assert!(bokmal.contains("<html lang=\"nb\">"), "{bokmal}");
        assert!(bokmal.contains("<h1>Lindra er ikke tilgjengelig</h1>"), "{bokmal}");
        assert!(
            bokmal.contains("Det du har fylt inn er ikke sendt. Databasen er ikke tilgjengelig"),
            "{bokmal}"
        );
        assert!(bokmal.contains(">Til Lindra</a>"), "{bokmal}");
        let nynorsk = timed_out(Language::Nn);
        assert!(nynorsk.contains("<html lang=\"nn\">") && nynorsk.contains("Lindra svarte ikkje i tide"));
        let english = message_page(Language::En, "A <b>", "x & y");
        assert!(english.contains("<h1>A &lt;b&gt;</h1><p>x &amp; y</p>") && english.contains("Go to Lindra"));
    }
}
