//! The few answers the server gives outside the Leptos app: refusals and outages, as small
//! Norwegian pages that need no script and no session.

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub fn message_page(title: &str, message: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"nb\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} – Lindra</title></head>\
         <body>\
         <h1>{title}</h1><p>{message}</p><p><a href=\"/\">Til Lindra</a></p></body></html>",
        title = escape(title),
        message = escape(message),
    )
}

pub fn unavailable(message: &str) -> String {
    message_page("Lindra er ikke tilgjengelig", &format!("Det du har fylt inn er ikke sendt. {message}"))
}

pub fn timed_out() -> String {
    message_page("Lindra svarte ikke i tide", lindra_app::text::ui().timed_out)
}
