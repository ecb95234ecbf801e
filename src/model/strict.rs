//! Strict text forms of dates and times, for everything that crosses a door (exchange files,
//! commands, the CLI). chrono's own parsers are lenient: `"26-02-03"` reads as the year 26 and
//! `"2026-02-03 09:00:00+08:00"` passes as RFC 3339. A record of the programme accepts only
//! `YYYY-MM-DD` and RFC 3339 with `T` and an offset.

use super::{Date, Timestamp};
use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

/// Parses `YYYY-MM-DD` exactly: four-digit year, two-digit month and day, a real calendar day.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(format!("日期“{}”格式不对，应为 YYYY-MM-DD（如 2026-03-05）", clip(text)));
    }
    Date::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("日期“{text}”不存在"))
}

/// Parses RFC 3339 exactly: `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`.
pub fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    let bad = || format!("时间“{}”格式不对，应为 RFC 3339（如 2026-03-05T09:30:00+08:00）", clip(text));
    let b = text.as_bytes();
    if !text.is_ascii() || b.len() < 20 || !(b[10] == b'T' || b[10] == b't') || parse_date(&text[..10]).is_err() {
        return Err(bad());
    }
    let clock = &b[11..19];
    let clock_ok = clock.iter().enumerate().all(|(i, c)| if i == 2 || i == 5 { *c == b':' } else { c.is_ascii_digit() });
    if !clock_ok {
        return Err(bad());
    }
    chrono::DateTime::parse_from_rfc3339(text).map_err(|_| bad())
}

fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// `#[serde(with = "strict::date")]`
pub mod date {
    use super::*;
    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&d.format("%Y-%m-%d").to_string())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        parse_date(&text).map_err(D::Error::custom)
    }
}

/// `#[serde(with = "strict::opt_date", default)]`
pub mod opt_date {
    use super::*;
    pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<String>::deserialize(d)?.map(|t| parse_date(&t).map_err(D::Error::custom)).transpose()
    }
}

/// `#[serde(with = "strict::timestamp")]`
pub mod timestamp {
    use super::*;
    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let text = String::deserialize(d)?;
        parse_timestamp(&text).map_err(D::Error::custom)
    }
}

/// `#[serde(with = "strict::opt_timestamp", default)]`
pub mod opt_timestamp {
    use super::*;
    pub fn serialize<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.to_rfc3339()),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        Option::<String>::deserialize(d)?.map(|t| parse_timestamp(&t).map_err(D::Error::custom)).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2026-02-03").is_ok());
        for bad in ["26-02-03", "2026-2-3", "2026-02-30", "2026/02/03", "02026-02-03", "", "２０２６-02-03"] {
            assert!(parse_date(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn timestamps_are_strict() {
        assert!(parse_timestamp("2026-02-03T09:30:00+08:00").is_ok());
        assert!(parse_timestamp("2026-02-03T09:30:00.125Z").is_ok());
        for bad in ["2026-02-03 09:30:00+08:00", "26-02-03T09:30:00+08:00", "2026-02-03T9:30:00+08:00", "2026-02-03T09:30:00", "2026-02-03"] {
            assert!(parse_timestamp(bad).is_err(), "{bad} accepted");
        }
    }
}
