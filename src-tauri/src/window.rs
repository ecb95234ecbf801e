//! The main window's size is remembered per database (settings key `ui.window_size`), restored
//! at start and saved when the window closes.

use tauri::{LogicalSize, Manager, Runtime, Window, WindowEvent};

use crate::AppState;

const KEY: &str = "ui.window_size";

/// "1280x820" → (1280, 820), refusing sizes no screen would show.
pub fn parse_size(text: &str) -> Option<(f64, f64)> {
    let (w, h) = text.split_once('x')?;
    let (w, h) = (w.trim().parse::<f64>().ok()?, h.trim().parse::<f64>().ok()?);
    ((640.0..=10000.0).contains(&w) && (480.0..=10000.0).contains(&h)).then_some((w, h))
}

pub fn restore<R: Runtime>(app: &tauri::App<R>) {
    let Some(window) = app.get_webview_window("main") else { return };
    let state = app.state::<AppState>();
    if let Ok(Some(text)) = state.with_store(|s| s.setting(KEY)) {
        if let Some((w, h)) = parse_size(&text) {
            // Failing to resize is harmless: the window keeps its configured size.
            let _ = window.set_size(LogicalSize::new(w, h));
        }
    }
}

pub fn on_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if !matches!(event, WindowEvent::CloseRequested { .. }) {
        return;
    }
    let (Ok(size), Ok(scale)) = (window.inner_size(), window.scale_factor()) else { return };
    let logical = size.to_logical::<f64>(scale);
    let text = format!("{}x{}", logical.width.round(), logical.height.round());
    if parse_size(&text).is_some() {
        let state = window.state::<AppState>();
        // Remembering the size is a convenience; a failure must not block closing. Not before
        // the first-run screen is answered: the line would make the database look used, and
        // the next start would skip the first-run screen.
        let _ = state.with_store(|s| {
            if s.identity().is_none() && s.is_empty()? {
                return Ok(());
            }
            s.set_setting(KEY, &text)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_are_parsed_and_bounded() {
        assert_eq!(parse_size("1280x820"), Some((1280.0, 820.0)));
        assert_eq!(parse_size("100x100"), None);
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_size("1280×820"), None);
    }
}
