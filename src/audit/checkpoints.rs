//! The signed heads an install kept. Every line from another install arrives through a run its
//! origin signed the end of (a 报送包 or the sync server), and every head signed or received is
//! kept (`checkpoints`). The signatures need the origin's key, which is not in the database
//! file: someone holding only the file cannot make one. So a kept head whose line is gone or
//! hashes differently means the log was rewritten since; another install's line past its last
//! signed head was never received — it was appended by hand (a forged 销号 "from the office").

use super::TableDifference;
use crate::error::Result;
use crate::store::Store;
use crate::sync::bundle::checkpoint_signed;
use std::collections::HashMap;

fn finding(seq: String, what: String) -> TableDifference {
    TableDifference { entity: "change_log".into(), entity_zh: "变更记录".into(), id: seq, what }
}

impl Store {
    pub(super) fn check_checkpoints(&self) -> Result<Vec<TableDifference>> {
        let conn = self.conn();
        let me = self.identity().map(|i| (i.install_id.clone(), i.public_key.clone()));
        let mut keys: HashMap<String, (String, String)> = conn
            .prepare("SELECT install_id, public_key, department_name FROM roster")?
            .query_map([], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some((id, key)) = &me {
            keys.insert(id.clone(), (key.clone(), "本机".into()));
        }
        let mut out = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT c.origin, c.seq, c.hash, c.signature, l.seq, l.origin_hash
               FROM checkpoints c LEFT JOIN change_log l ON l.install_id = c.origin AND l.install_seq = c.seq
              ORDER BY c.origin, c.seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, Option<i64>>(4)?, r.get::<_, Option<String>>(5)?))
        })?;
        // The last head of each origin whose signature checks: lines of other installs past it
        // were never received.
        let mut last_signed: HashMap<String, i64> = HashMap::new();
        for row in rows {
            let (origin, seq, hash, signature, line, line_hash) = row?;
            let Some((key, name)) = keys.get(&origin) else { continue };
            if !checkpoint_signed(key, &origin, seq, &hash, &signature) {
                out.push(finding(format!("{name}第 {seq} 条"), "保存的签名检查点的签名无效（检查点被伪造）".into()));
                continue;
            }
            let at = |n: Option<i64>| n.map_or_else(|| format!("{name}第 {seq} 条"), |n| format!("第 {n} 条"));
            match line_hash {
                None if line.is_none() => out.push(finding(at(None), format!("{name}签名的第 {seq} 条已不在变更记录中：变更记录被截断"))),
                Some(h) if h == hash => {}
                _ => out.push(finding(at(line), format!("与{name}签名的检查点不符：变更记录在签名之后被改写"))),
            }
            let e = last_signed.entry(origin).or_insert(seq);
            *e = (*e).max(seq);
        }
        for (origin, signed) in &last_signed {
            if me.as_ref().is_some_and(|(id, _)| id == origin) {
                continue; // this install's own lines after its last bundle are simply unsent
            }
            let name = keys.get(origin).map_or("", |k| k.1.as_str());
            let mut stmt = conn.prepare("SELECT seq, install_seq FROM change_log WHERE install_id = ?1 AND install_seq > ?2 ORDER BY seq")?;
            let extra: Vec<(i64, i64)> = stmt.query_map(rusqlite::params![origin, signed], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            for (seq, n) in extra {
                out.push(finding(
                    format!("第 {seq} 条"),
                    format!("记为{name}的第 {n} 条，但{name}签名的变更只到第 {signed} 条：此条未经签名的报送包到达，是后加的"),
                ));
            }
        }
        Ok(out)
    }
}
