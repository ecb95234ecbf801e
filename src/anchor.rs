//! Anchors outside the database file. The hash chain proves that no line was changed *within*
//! the log, but someone holding the file can cut its last lines, or edit a line and recompute
//! every hash after it, and the chain checks out again on its own. A head written down
//! elsewhere — printed in the footer of every exported record, shown by `walklog verify` — says
//! "line N had this hash": a log that no longer holds that very line was cut short or rewritten.

use crate::error::{Error, Result};
use crate::store::{verification_code, Store};
use rusqlite::OptionalExtension;

/// The fewest hex digits of a head's hash accepted when checking (a short form someone copied
/// by hand); the printed form has 16, too many to grind a rewritten line to.
const MIN_DIGITS: usize = 8;

/// A chain head written down earlier: its sequence number and the leading hex digits of its
/// line hash (upper case, no dashes). Takes the printed form 「链头 第 1234 条，1A2B-3C4D-…」
/// and the short one `1234:1A2B-3C4D-5E6F-7A8B` (8 to 16 hex digits).
pub fn parse_anchor(text: &str) -> Result<(i64, String)> {
    let bad = || {
        Error::invalid("against", "链头应写作“序号:哈希”，如 1234:1A2B-3C4D-5E6F-7A8B，或照抄报表页脚的“链头 第 1234 条，1A2B-3C4D-5E6F-7A8B”")
    };
    let t = text.trim();
    let t = t.strip_prefix("链头").unwrap_or(t).trim();
    let (seq, hash) = match t.strip_prefix('第') {
        Some(rest) => rest.split_once('条').ok_or_else(bad)?,
        None => t.split_once([':', '：']).ok_or_else(bad)?,
    };
    let seq: i64 = seq.trim().parse().map_err(|_| bad())?;
    // 「，」 is printed; the others are what a person copying it by hand may write.
    let hash = hash.trim().trim_start_matches(['，', ',', '·', '・', ':', '：', ' ']);
    let digits: String = hash.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase();
    if seq < 1 || digits.len() < MIN_DIGITS || digits.len() > 16 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(bad());
    }
    Ok((seq, digits))
}

/// Groups of four, as printed.
fn dashed(digits: &str) -> String {
    digits.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

impl Store {
    fn head(&self) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn()
            .query_row("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// This database's chain head in the short form `--against` takes, `1234:1A2B-3C4D-5E6F-7A8B`;
    /// None on an empty log.
    pub fn chain_anchor(&self) -> Result<Option<String>> {
        Ok(self.head()?.map(|(seq, hash)| format!("{seq}:{}", verification_code(&hash))))
    }

    /// The head as printed in report footers and the ledger: 「链头 第 1234 条，1A2B-3C4D-5E6F-7A8B」.
    pub fn chain_head_printed(&self) -> Result<Option<String>> {
        Ok(self.head()?.map(|(seq, hash)| format!("链头 第 {seq} 条，{}", verification_code(&hash))))
    }

    /// Does the chain still hold the head written down earlier? A log truncated before it, or
    /// rewritten (a line edited and every hash after it recomputed, a forged tail put in place
    /// of the real one) does not.
    pub fn check_anchor(&self, anchor: &str) -> Result<()> {
        let (seq, digits) = parse_anchor(anchor)?;
        let hash: Option<String> =
            self.conn().query_row("SELECT hash FROM change_log WHERE seq = ?1", [seq], |r| r.get(0)).optional()?;
        let shown = dashed(&digits);
        match hash {
            Some(h) if h.to_ascii_uppercase().starts_with(&digits) => Ok(()),
            Some(h) => Err(Error::Tampered {
                records: vec![format!(
                    "第 {seq} 条的哈希与记下的不符（记下的是 {shown}，现在是 {}）：变更记录被改写（改动后重算了哈希，或换上了伪造的记录）",
                    dashed(&h.to_ascii_uppercase()[..digits.len().min(h.len())])
                )],
            }),
            None => Err(Error::Tampered { records: vec![format!("第 {seq} 条已不存在（记下的是 {shown}）：变更记录被截断")] }),
        }
    }
}

/// What checking a written-down head found, for a screen: a broken anchor is a finding to show,
/// not a failed call.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnchorCheck {
    /// The log still holds the line written down.
    pub held: bool,
    pub message_zh: String,
}

impl Store {
    /// [`Store::check_anchor`] as a verdict; a head not written in a form it takes stays an error.
    pub fn anchor_verdict(&self, anchor: &str) -> Result<AnchorCheck> {
        match self.check_anchor(anchor) {
            Ok(()) => {
                let (seq, digits) = parse_anchor(anchor)?;
                let message_zh = format!("变更记录仍含有第 {seq} 条（{}），此前的记录未被截断、改写或重算。", dashed(&digits));
                Ok(AnchorCheck { held: true, message_zh })
            }
            Err(Error::Tampered { records }) => Ok(AnchorCheck { held: false, message_zh: records.join("；") }),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_anchor;

    #[test]
    fn a_head_is_taken_as_printed_or_short_and_nothing_else() {
        let full = (1234, "1A2B3C4D5E6F7A8B".to_string());
        assert_eq!(parse_anchor("链头 第 1234 条，1A2B-3C4D-5E6F-7A8B").unwrap(), full);
        assert_eq!(parse_anchor("链头第1234条，1a2b-3c4d-5e6f-7a8b").unwrap(), full);
        assert_eq!(parse_anchor("链头第1234条·1a2b-3c4d-5e6f-7a8b").unwrap(), full);
        assert_eq!(parse_anchor("1234:1A2B-3C4D-5E6F-7A8B").unwrap(), full);
        assert_eq!(parse_anchor(" 1234：1A2B3C4D ").unwrap(), (1234, "1A2B3C4D".into()));
        for bad in ["第五条", "1234", "1234:1A2B", "0:1A2B3C4D", "12:XYZW1234", "12:1A2B3C4D5E6F7A8B9"] {
            assert_eq!(parse_anchor(bad).unwrap_err().field(), Some("against"), "{bad}");
        }
    }
}
