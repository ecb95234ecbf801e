//! `walklog history <类型> <编号>`: a record's 修改记录 (the core's `Store::record_history`),
//! who changed what when, before → after; edits after the fact marked 「事后修改」.

use super::output::Outcome;
use super::CliResult;
use walklog::Store;

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// 记录类型：walk/problem/task 或 体验/问题/整改任务
    #[arg(value_name = "类型")]
    pub entity: String,
    /// 记录编号（体验也可写标题）
    #[arg(value_name = "编号")]
    pub id: String,
}

pub fn run(store: &Store, args: &HistoryArgs) -> CliResult {
    let entity = walklog::history::parse_entity(&args.entity)?;
    let mut id = args.id.trim().to_string();
    if entity == "walk" {
        // A title names the walk too; a deleted walk keeps its history under its id only.
        if let Ok(walk) = store.lookup_walk(&id) {
            id = walk.id;
        }
    }
    let h = store.record_history(entity, &id)?;
    let mut text = format!("{} {} 的修改记录（共 {} 条", h.entity_zh, h.id, h.entries.len());
    if h.late_count > 0 {
        text.push_str(&format!("，其中事后修改 {} 条", h.late_count));
    }
    text.push_str("）\n");
    for e in &h.entries {
        let who = if e.actor.trim().is_empty() { "—" } else { e.actor.as_str() };
        let subject = if e.entity == h.entity { String::new() } else { format!("{} ", e.subject_zh) };
        text.push_str(&format!("\n{}  {}  {subject}{}", walklog::history::when(&e.at), who, e.action_zh));
        if let Some(why) = &e.late_reason_zh {
            text.push_str(&format!("  「事后修改」{why}"));
        }
        text.push('\n');
        for c in &e.changes {
            let before = c.before.as_deref().unwrap_or("（空）");
            let after = c.after.as_deref().unwrap_or("（空）");
            if c.before.is_none() {
                text.push_str(&format!("  {}：{after}\n", c.field_zh));
            } else {
                text.push_str(&format!("  {}：{before} → {after}\n", c.field_zh));
            }
        }
    }
    Outcome::new(text, &h)
}
