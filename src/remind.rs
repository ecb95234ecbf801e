//! 提醒: what needs someone's attention today — tasks due soon or overdue, tasks under 督办,
//! planned walks this week, walks started and not finished, and (for the office) done tasks
//! waiting for 销号 too long. The same list feeds the app's 提醒 screen, its OS notifications
//! (each reminder at most once a day) and `walklog remind`.
//!
//! Marks (shown as a notification, dismissed) are this install's, per reminder and day: a
//! dismissed reminder comes back the next day while it still holds. They are not records and
//! do not travel.

use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{date, Store};
use serde::{Deserialize, Serialize};

/// The setting holding `ReminderSettings` as JSON.
pub const SETTINGS_KEY: &str = "reminders";
/// At most this many reminders are listed (the count of the rest is given).
pub const LIST_MAX: usize = 200;

/// 设置 → 提醒.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReminderSettings {
    /// Reminders at all (the 提醒 list stays empty when off).
    pub enabled: bool,
    /// OS notifications.
    pub notify: bool,
    /// A task is due soon within this many days.
    pub due_within_days: u32,
    /// The office is reminded of a done task waiting for 销号 longer than this many days.
    pub close_out_wait_days: u32,
    /// Kinds turned off.
    #[serde(default)]
    pub off: Vec<ReminderKind>,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings { enabled: true, notify: true, due_within_days: 3, close_out_wait_days: 7, off: Vec::new() }
    }
}

/// One reminder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reminder {
    /// Stable across days: kind and record.
    pub key: String,
    pub kind: ReminderKind,
    /// One sentence: 「明天到期：…」.
    pub text: String,
    /// The unit it concerns.
    pub department_name: String,
    /// The record to open: "task" or "walk", and its id.
    pub entity: String,
    pub id: String,
    /// The date it is about (deadline, planned date, done date).
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    pub day: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReminderList {
    #[cfg_attr(feature = "ts", ts(as = "Date"))]
    pub today: Date,
    pub items: Vec<Reminder>,
    /// Reminders beyond `LIST_MAX` not listed.
    pub more: u32,
    /// Dismissed today (not listed).
    pub dismissed: u32,
    pub enabled: bool,
}

fn days_word(today: Date, day: Date) -> String {
    match (day - today).num_days() {
        0 => "今天".into(),
        1 => "明天".into(),
        2 => "后天".into(),
        n if n > 0 => format!("{n} 天后"),
        n => format!("{} 天前", -n),
    }
}

/// The first and last day of the week (Monday to Sunday) of `day`.
pub fn week_of(day: Date) -> (Date, Date) {
    use chrono::Datelike;
    let monday = day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()));
    (monday, monday + chrono::Days::new(6))
}

impl Store {
    pub fn reminder_settings(&self) -> Result<ReminderSettings> {
        match self.setting(SETTINGS_KEY)? {
            Some(text) => serde_json::from_str(&text).map_err(|_| Error::invalid("setting", "提醒设置已损坏，请在设置中重新保存。")),
            None => Ok(ReminderSettings::default()),
        }
    }

    pub fn save_reminder_settings(&mut self, s: &ReminderSettings) -> Result<()> {
        if s.due_within_days > 90 {
            return Err(Error::invalid("due_within_days", "到期提醒的天数应在 0 至 90 天之间。"));
        }
        if s.close_out_wait_days > 365 {
            return Err(Error::invalid("close_out_wait_days", "待销号提醒的天数应在 0 至 365 天之间。"));
        }
        let mut s = s.clone();
        s.off.sort();
        s.off.dedup();
        self.set_setting(SETTINGS_KEY, &serde_json::to_string(&s)?)
    }

    /// Today's reminders for this install, without the ones dismissed today.
    pub fn reminders(&self) -> Result<ReminderList> {
        let settings = self.reminder_settings()?;
        let today = self.today();
        if !settings.enabled {
            return Ok(ReminderList { today, items: Vec::new(), more: 0, dismissed: 0, enabled: false });
        }
        let mut all = self.all_reminders(&settings, today)?;
        let dismissed = self.marked(today, "dismissed")?;
        let before = all.len();
        all.retain(|r| !dismissed.contains(&r.key));
        let dismissed = (before - all.len()) as u32;
        let more = all.len().saturating_sub(LIST_MAX) as u32;
        all.truncate(LIST_MAX);
        Ok(ReminderList { today, items: all, more, dismissed, enabled: true })
    }

    /// 不再提醒（今天）: hides a reminder until tomorrow.
    pub fn dismiss_reminder(&mut self, key: &str) -> Result<()> {
        if key.trim().is_empty() || key.len() > 200 {
            return Err(Error::invalid("key", "提醒编号无效。"));
        }
        let day = date(&self.today());
        self.write(|w| {
            w.tx.prepare_cached(
                "INSERT INTO reminder_marks(key, day, dismissed) VALUES (?1, ?2, 1)
                 ON CONFLICT(key, day) DO UPDATE SET dismissed = 1",
            )?
            .execute((key, &day))?;
            Ok(())
        })
    }

    /// The reminders to show as OS notifications now: enabled, not dismissed, not yet shown
    /// today. Marks them shown, so a reminder is notified at most once a day.
    pub fn reminders_to_notify(&mut self) -> Result<Vec<Reminder>> {
        let settings = self.reminder_settings()?;
        if !settings.enabled || !settings.notify {
            return Ok(Vec::new());
        }
        let today = self.today();
        let list = self.reminders()?;
        let shown = self.marked(today, "shown")?;
        let fresh: Vec<Reminder> = list.items.into_iter().filter(|r| !shown.contains(&r.key)).collect();
        if fresh.is_empty() {
            return Ok(fresh);
        }
        let day = date(&today);
        self.write(|w| {
            let mut stmt = w.tx.prepare_cached(
                "INSERT INTO reminder_marks(key, day, shown) VALUES (?1, ?2, 1) ON CONFLICT(key, day) DO UPDATE SET shown = 1",
            )?;
            for r in &fresh {
                stmt.execute((&r.key, &day))?;
            }
            Ok(())
        })?;
        Ok(fresh)
    }

    fn marked(&self, today: Date, column: &str) -> Result<std::collections::HashSet<String>> {
        let sql = format!("SELECT key FROM reminder_marks WHERE day = ?1 AND {column} = 1");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let keys = stmt.query_map([date(&today)], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(keys)
    }

    fn all_reminders(&self, s: &ReminderSettings, today: Date) -> Result<Vec<Reminder>> {
        let identity = self.identity();
        let office = identity.map(|i| i.role == InstallRole::Office);
        // An install without an identity is reminded of everything; the office also of the
        // verdicts it owes every unit (待销号).
        let scope = identity.map(|i| i.department_id.clone());
        // The work to remind of: the unit's and its sub-units'; on the office's install, its own
        // department's alone (its subtree is the whole city, whose work the units are reminded of).
        let own = match (office, &scope) {
            (Some(true), Some(d)) => Some(serde_json::json!([d]).to_string()),
            _ => self.subtree_filter(scope.as_deref())?,
        };
        let on = |k: ReminderKind| !s.off.contains(&k);
        let mut out = Vec::new();
        let t = date(&today);
        // A task under 督办 is reminded of as such, once, by its 督办时限.
        let unsupervised = if on(ReminderKind::Supervised) { " AND NOT EXISTS (SELECT 1 FROM supervisions s WHERE s.task_id = t.id)" } else { "" };
        if on(ReminderKind::Supervised) {
            self.push(&mut out, &TASKS, ReminderKind::Supervised, &own,
                // Driven by the few supervised tasks, not by every open one.
                "t.id IN (SELECT task_id FROM supervisions) AND t.status IN ('open', 'in_progress')",
                "(SELECT max(required_by) FROM supervisions s WHERE s.task_id = t.id)", &[], |day, measure| {
                    match (day - today).num_days() {
                        n if n < 0 => format!("已过督办时限 {} 天：{measure}", -n),
                        0 => format!("今天到督办时限：{measure}"),
                        n => format!("距督办时限还有 {n} 天：{measure}"),
                    }
                })?;
        }
        if on(ReminderKind::TaskOverdue) {
            self.push(&mut out, &TASKS, ReminderKind::TaskOverdue, &own,
                // `+t.status`: the city's overdue tasks are read in deadline order and the first
                // LIST_MAX taken (1 ms), not all of them gathered by status and sorted (25 ms).
                &format!("+t.status IN ('open', 'in_progress') AND t.deadline < :today{unsupervised}"), "t.deadline", &[(":today", &t)], |day, measure| {
                    format!("已逾期 {} 天：{measure}", (today - day).num_days())
                })?;
        }
        if on(ReminderKind::TaskDueSoon) {
            let by = date(&(today + chrono::Days::new(u64::from(s.due_within_days))));
            self.push(&mut out, &TASKS, ReminderKind::TaskDueSoon, &own,
                &format!("t.status IN ('open', 'in_progress') AND t.deadline >= :today AND t.deadline <= :by{unsupervised}"), "t.deadline",
                &[(":today", &t), (":by", &by)], |day, measure| format!("{}到期：{measure}", days_word(today, day)))?;
        }
        if office != Some(false) && on(ReminderKind::AwaitingCloseOut) {
            let before = date(&(today - chrono::Days::new(u64::from(s.close_out_wait_days))));
            let scope = if office == Some(true) { None } else { own.clone() };
            self.push(&mut out, &TASKS, ReminderKind::AwaitingCloseOut, &scope,
                "t.status = 'done' AND t.done_on <= :before", "t.done_on", &[(":before", &before)], |day, measure| {
                    format!("已完成 {} 天待销号：{measure}", (today - day).num_days())
                })?;
        }
        let (monday, sunday) = week_of(today);
        if on(ReminderKind::WalkThisWeek) {
            let (from, to) = (date(&today.max(monday)), date(&sunday));
            self.push(&mut out, &WALKS, ReminderKind::WalkThisWeek, &own, "w.status = 'planned' AND w.walk_date BETWEEN :from AND :to", "w.walk_date",
                &[(":from", &from), (":to", &to)], |day, title| format!("本周计划体验（{}）：{title}", days_word(today, day)))?;
        }
        if on(ReminderKind::WalkUnfinished) {
            self.push(&mut out, &WALKS, ReminderKind::WalkUnfinished, &own, "w.status = 'in_progress' AND w.walk_date < :today", "w.walk_date",
                &[(":today", &t)], |day, title| format!("{}开始的体验尚未结束：{title}", days_word(today, day)))?;
        }
        Ok(out)
    }

    /// Appends the reminders of one kind: the records of `of` matching `when` (SQL over its
    /// alias, named parameters), within `units` when given, by `day_sql` then a stable order.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &self,
        out: &mut Vec<Reminder>,
        of: &About,
        kind: ReminderKind,
        units: &Option<String>,
        when: &str,
        day_sql: &str,
        params: &[(&str, &dyn rusqlite::ToSql)],
        text: impl Fn(Date, &str) -> String,
    ) -> Result<()> {
        let a = of.alias;
        let scope = if units.is_some() { format!("AND {a}.department_id IN (SELECT value FROM json_each(:units))") } else { String::new() };
        let sql = format!(
            "SELECT {a}.id, {day_sql} AS day, {a}.{text}, d.name FROM {table} {a} JOIN departments d ON d.id = {a}.department_id
             WHERE {when} {scope} ORDER BY day, {a}.{tie} LIMIT {}",
            LIST_MAX + 1,
            text = of.text,
            table = of.table,
            tie = of.tie,
        );
        let mut all: Vec<(&str, &dyn rusqlite::ToSql)> = params.to_vec();
        if let Some(u) = units {
            all.push((":units", u));
        }
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows: Vec<(String, String, String, String)> =
            stmt.query_map(all.as_slice(), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?;
        for (id, day, said, department_name) in rows {
            let day = crate::store::parse_date(&day)?;
            out.push(Reminder {
                key: format!("{}:{id}", kind.code()),
                kind,
                text: text(day, &crate::history::clip(&said, 40)),
                department_name,
                entity: of.entity.into(),
                id,
                day,
            });
        }
        Ok(())
    }
}

/// The records a reminder can be about, as the reminder query needs them.
struct About {
    entity: &'static str,
    table: &'static str,
    alias: &'static str,
    /// What the reminder quotes (a task's measure, a walk's title).
    text: &'static str,
    /// The order among records of one day.
    tie: &'static str,
}

const TASKS: About = About { entity: "task", table: "tasks", alias: "t", text: "measure", tie: "id" };
const WALKS: About = About { entity: "walk", table: "walks", alias: "w", text: "title", tie: "n" };
