// Hide the console window on Windows release builds; harmless elsewhere.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    software_rendering_fallback();
    walklog_app_lib::run();
}

/// WebKitGTK's DMA-BUF renderer, on a machine with no GPU render node (virtual desktops, many
/// office PCs in VMs), paints through a slow fallback: measured under Xvfb, one frame took ~75 ms
/// instead of 16, so every filter of the ledger waited on paint. Without a render node the older
/// shared-memory path is the fast one. A value the user set is respected. Runs first in `main`,
/// before any thread exists, as changing the environment requires.
fn software_rendering_fallback() {
    const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    if cfg!(target_os = "linux") && std::env::var_os(VAR).is_none() && !has_render_node() {
        std::env::set_var(VAR, "1");
    }
}

fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri")
        .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}
