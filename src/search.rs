//! Full-text search over walks, step observations and problems, working for Chinese.
//!
//! Chinese has no spaces, so the store indexes text as overlapping character bigrams (FTS5 with
//! the unicode61 tokenizer over `store::tokens::bigrams(text)`, which its triggers call). A query becomes the phrase of its own bigrams,
//! which matches exactly the texts that contain the query as a substring; unlike a trigram
//! index, two-character words such as "材料" are found through the index.

use crate::error::{Error, Result};
use crate::store::tokens::{bigrams, is_cjk};
use crate::store::Store;
use serde::{Deserialize, Serialize};

/// What a search hit is, and so where opening it leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    /// 体验记录: its title, place or reflection.
    Walk,
    /// 环节: its name, place, materials or observations.
    Step,
    /// 难点堵点, from a walk or a 好差评 差评.
    Problem,
    /// 整改任务: its measure or the reason it was sent back.
    Task,
    /// 进展情况 of a task.
    Note,
}

impl SearchKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            SearchKind::Walk => "体验",
            SearchKind::Step => "环节",
            SearchKind::Problem => "问题",
            SearchKind::Task => "整改任务",
            SearchKind::Note => "进展",
        }
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: String,
    /// The walk the record belongs to (None for a 差评, a task and a note).
    pub walk_id: Option<String>,
    /// The task to open, for a task or a progress note.
    pub task_id: Option<String>,
    /// What the record belongs to, as people name it: the walk's title, 「好差评 · 工单号 …」,
    /// the task's unit, or the note's task.
    pub context: String,
    /// The matching text, shortened around the first match.
    pub excerpt: String,
}

/// Builds the FTS5 query: the query's tokens as one phrase, quoted so no FTS syntax leaks in.
/// Returns None when the query has nothing to search for.
fn fts_query(query: &str) -> Option<String> {
    let tokens = bigrams(query);
    let words: Vec<String> = tokens
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(format!("\"{}\"", words.join(" ")))
}

/// The FTS5 MATCH text for what a person typed in a search box (`field` names the box for the
/// error): None when there is nothing to search for, an error when it is too long.
pub(crate) fn match_text(field: &'static str, query: &str) -> Result<Option<String>> {
    let query = query.trim();
    if query.chars().count() > crate::rules::TITLE_MAX {
        return Err(Error::invalid(field, "搜索内容过长。"));
    }
    let Some(fts) = fts_query(query) else {
        return Ok(None);
    };
    // A single CJK character has no bigram of its own; it matches as a prefix of one.
    let single_cjk = query.chars().count() == 1 && query.chars().all(is_cjk);
    Ok(Some(if single_cjk { format!("{}*", fts.trim_matches('"')) } else { fts }))
}

impl Store {
    /// Searches walks, step observations, problems (差评 too), tasks and progress notes: the
    /// newest `limit` matches, most recent first.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let Some(fts) = match_text("query", query)? else {
            return Ok(Vec::new());
        };
        let query = query.trim();
        // Each index yields its newest `limit` matches first (FTS5 walks rowids backwards without
        // sorting), so a common word costs no more than a rare one; then the few are merged.
        let sql = "
            SELECT * FROM (
              SELECT 'problem' AS kind, p.id, p.walk_id, NULL AS task_id,
                     coalesce(w.title, '好差评 · 工单号 ' || p.work_order_no, '') AS context,
                     p.description AS body, p.found_on AS d, p.n AS n
              FROM (SELECT rowid FROM problems_fts WHERE problems_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2) f
              JOIN problems p ON p.n = f.rowid LEFT JOIN walks w ON w.id = p.walk_id
              UNION ALL
              SELECT 'step', s.id, s.walk_id, NULL, w.title, s.name || '：' || s.observations, w.walk_date, s.n
              FROM (SELECT rowid FROM steps_fts WHERE steps_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2) f
              JOIN steps s ON s.n = f.rowid JOIN walks w ON w.id = s.walk_id
              UNION ALL
              SELECT 'walk', w.id, w.id, NULL, w.title, w.title || '：' || w.reflection, w.walk_date, w.n
              FROM (SELECT rowid FROM walks_fts WHERE walks_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2) f
              JOIN walks w ON w.n = f.rowid
              UNION ALL
              SELECT 'task', t.id, NULL, t.id, d.name, t.measure || coalesce('（退回：' || t.sent_back_reason || '）', ''),
                     t.created_on, f.rowid
              FROM (SELECT rowid, task_id FROM tasks_fts WHERE tasks_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2) f
              JOIN tasks t ON t.id = f.task_id JOIN departments d ON d.id = t.department_id
              UNION ALL
              SELECT 'note', pn.id, NULL, pn.task_id, t.measure, pn.text, pn.noted_on, f.rowid
              FROM (SELECT rowid, note_id FROM notes_fts WHERE notes_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2) f
              JOIN progress_notes pn ON pn.id = f.note_id JOIN tasks t ON t.id = pn.task_id
            ) ORDER BY d DESC, n DESC LIMIT ?2";
        let mut stmt = self.conn().prepare_cached(sql)?;
        let hits = stmt
            .query_map(rusqlite::params![fts, limit], |r| {
                let kind: String = r.get(0)?;
                let body: String = r.get(5)?;
                let context: String = r.get(4)?;
                Ok(SearchHit {
                    kind: match kind.as_str() {
                        "walk" => SearchKind::Walk,
                        "step" => SearchKind::Step,
                        "problem" => SearchKind::Problem,
                        "task" => SearchKind::Task,
                        _ => SearchKind::Note,
                    },
                    id: r.get(1)?,
                    walk_id: r.get(2)?,
                    task_id: r.get(3)?,
                    context: if kind == "note" { excerpt(&context, "", 30) } else { context },
                    excerpt: excerpt(&body, query, 60),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(hits)
    }
}

/// Lower-cases one character at a time. `str::to_lowercase` may change the number of
/// characters (`İ` becomes `i̇`), so positions in its result do not fit the original text.
fn lower_chars(s: &str) -> Vec<char> {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// Up to `width` characters of `body` around the first case-insensitive occurrence of `query`.
fn excerpt(body: &str, query: &str, width: usize) -> String {
    let chars: Vec<char> = body.chars().collect();
    // Each lower-cased character remembers which original character it came from, so the
    // match position is found in the lower-cased text and applied to the original.
    let mut lowered: Vec<char> = Vec::with_capacity(chars.len());
    let mut origin: Vec<usize> = Vec::with_capacity(chars.len());
    for (i, c) in chars.iter().enumerate() {
        for l in c.to_lowercase() {
            lowered.push(l);
            origin.push(i);
        }
    }
    let needle = lower_chars(query);
    let at = if needle.is_empty() {
        0
    } else {
        lowered.windows(needle.len()).position(|w| w == needle.as_slice()).map(|p| origin[p]).unwrap_or(0)
    };
    let start = at.saturating_sub(width / 3).min(chars.len());
    let end = (start + width).min(chars.len());
    let mut s: String = chars[start..end].iter().collect();
    if start > 0 {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    s.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_split_chinese_runs_and_keep_latin_words() {
        assert_eq!(bigrams("申请材料"), " 申请 请材 材料 ");
        assert_eq!(bigrams("APP办"), "APP 办 ");
        assert_eq!(fts_query("材料").as_deref(), Some("\"材料\""));
        assert_eq!(fts_query("申请材料").as_deref(), Some("\"申请 请材 材料\""));
        // FTS syntax is quoted away: OR becomes a plain word, lone symbols vanish.
        assert_eq!(fts_query("\" OR *").as_deref(), Some("\"or\""));
        assert_eq!(fts_query("\"*()"), None);
    }

    #[test]
    fn excerpt_centres_on_the_match() {
        let body = "一二三四五六七八九十申请材料过多一二三四五六七八九十";
        let e = excerpt(body, "材料", 10);
        assert!(e.contains("材料"), "{e}");
    }

    #[test]
    fn excerpt_survives_characters_whose_lower_case_is_longer() {
        // `İ` lower-cases to two characters: positions taken from a lower-cased copy of the
        // whole text ran past the end of the original.
        let body = format!("{}申请材料", "İ".repeat(25));
        let e = excerpt(&body, "材料", 60);
        assert!(e.contains("申请材料"), "{e}");
        assert_eq!(excerpt(&body, "i̇申", 10).chars().filter(|c| *c == '申').count(), 1);
    }

    /// Random Unicode, with extra weight on characters whose case mapping changes their length.
    const TEXT: &str = "(\\PC|İ|ẞ|Σ|ǅ|ﬃ|\n){0,80}";

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Any text, any query: no panic, the excerpt stays within its width, and when the text
        /// contains the query, the excerpt shows that match whole.
        #[test]
        fn excerpt_of_random_unicode(prefix in TEXT, query in "(\\PC|İ|ẞ){0,12}", suffix in TEXT, width in 3usize..80) {
            let body = format!("{prefix}{query}{suffix}");
            let e = excerpt(&body, &query, width);
            let inner = e.trim_start_matches('…').trim_end_matches('…');
            proptest::prop_assert!(inner.chars().count() <= width);
            let _ = excerpt(&prefix, &query, width);
            let needle: String = lower_chars(&query).into_iter().collect::<String>().replace('\n', " ");
            if !needle.is_empty() && needle.chars().count() <= width - width / 3 {
                let shown: String = lower_chars(&e).into_iter().collect();
                proptest::prop_assert!(shown.contains(&needle), "excerpt {:?} of {:?} lacks {:?}", e, body, query);
            }
        }
    }
}
