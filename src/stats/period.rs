//! Reporting periods: a month, a quarter, a year or a custom range, all inclusive dates.

use crate::error::{Error, Result};
use crate::model::Date;
use chrono::{Datelike, Months};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Default for Period {
    fn default() -> Self {
        Period { from: Date::MIN, to: Date::MAX }
    }
}

impl Period {
    pub fn new(from: Date, to: Date) -> Result<Period> {
        if to < from {
            return Err(Error::invalid("period", format!("统计期结束日期（{to}）早于开始日期（{from}）。")));
        }
        Ok(Period { from, to })
    }

    /// Everything ever recorded.
    pub fn all() -> Period {
        Period { from: Date::from_ymd_opt(1900, 1, 1).unwrap_or(Date::MIN), to: Date::from_ymd_opt(9999, 12, 31).unwrap_or(Date::MAX) }
    }

    pub fn year(y: i32) -> Result<Period> {
        let from = ymd(y, 1, 1)?;
        Period::new(from, ymd(y, 12, 31)?)
    }

    pub fn quarter(y: i32, q: u32) -> Result<Period> {
        if !(1..=4).contains(&q) {
            return Err(Error::invalid("period", format!("季度应为 1 到 4，不是 {q}。")));
        }
        let from = ymd(y, (q - 1) * 3 + 1, 1)?;
        Period::new(from, end_of(from, 3)?)
    }

    pub fn month(y: i32, m: u32) -> Result<Period> {
        let from = ymd(y, m, 1)?;
        Period::new(from, end_of(from, 1)?)
    }

    /// The month and the quarter containing a day (the 工作台 shows both).
    pub fn month_of(d: Date) -> Result<Period> {
        Period::month(d.year(), d.month())
    }

    pub fn quarter_of(d: Date) -> Result<Period> {
        Period::quarter(d.year(), (d.month() - 1) / 3 + 1)
    }

    /// Like `parse`, also reading the shortcuts of the lists' filters relative to `today`:
    /// "today", "this_month", "this_quarter", "this_year". The UI asks this rather than doing calendar
    /// arithmetic of its own.
    pub fn parse_at(text: &str, today: Date) -> Result<Period> {
        match text.trim() {
            "today" => Ok(Period { from: today, to: today }),
            "this_month" => Period::month_of(today),
            "this_quarter" => Period::quarter_of(today),
            "this_year" => Period::year(today.year()),
            other => Period::parse(other),
        }
    }

    /// Parses "2026", "2026-Q3", "2026-03", "2026-01-01..2026-06-30" or "all".
    pub fn parse(text: &str) -> Result<Period> {
        let t = text.trim();
        let bad = || Error::invalid("period", format!("无法识别的统计期“{t}”，可用 2026、2026-Q3、2026-03 或 2026-01-01..2026-06-30。"));
        if t.eq_ignore_ascii_case("all") || t == "全部" {
            return Ok(Period::all());
        }
        if let Some((a, b)) = t.split_once("..") {
            let from = crate::model::strict::parse_date(a.trim()).map_err(|_| bad())?;
            let to = crate::model::strict::parse_date(b.trim()).map_err(|_| bad())?;
            return Period::new(from, to);
        }
        if let Some((y, q)) = t.split_once("-Q").or_else(|| t.split_once("-q")) {
            return Period::quarter(y.parse().map_err(|_| bad())?, q.parse().map_err(|_| bad())?);
        }
        if let Some((y, m)) = t.split_once('-') {
            return Period::month(y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        }
        Period::year(t.parse().map_err(|_| bad())?)
    }

    /// How the reports name the period: "2026年", "2026年第三季度", "2026年3月", or the range.
    pub fn label_zh(&self) -> String {
        let (f, t) = (self.from, self.to);
        if f.year() <= 1900 && t.year() >= 9999 {
            return "截至目前".to_string();
        }
        if f.day() == 1 && end_of(f, 12).ok() == Some(t) && f.month() == 1 {
            return format!("{}年", f.year());
        }
        if f.day() == 1 && (f.month() - 1) % 3 == 0 && end_of(f, 3).ok() == Some(t) {
            let q = ["一", "二", "三", "四"][((f.month() - 1) / 3) as usize];
            return format!("{}年第{q}季度", f.year());
        }
        if f.day() == 1 && end_of(f, 1).ok() == Some(t) {
            return format!("{}年{}月", f.year(), f.month());
        }
        format!("{}至{}", f.format("%Y年%-m月%-d日"), t.format("%Y年%-m月%-d日"))
    }

    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Result<Date> {
    Date::from_ymd_opt(y, m, d).ok_or_else(|| Error::invalid("period", format!("日期 {y}-{m}-{d} 不存在。")))
}

/// The last day of the `months`-long period starting on `from` (a first of month).
fn end_of(from: Date, months: u32) -> Result<Date> {
    from.checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| Error::invalid("period", "日期超出范围。"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn parses_every_period_form() {
        assert_eq!(Period::parse("2026").unwrap(), Period { from: d("2026-01-01"), to: d("2026-12-31") });
        assert_eq!(Period::parse("2026-Q3").unwrap(), Period { from: d("2026-07-01"), to: d("2026-09-30") });
        assert_eq!(Period::parse("2024-02").unwrap(), Period { from: d("2024-02-01"), to: d("2024-02-29") });
        assert_eq!(
            Period::parse("2026-01-05..2026-02-01").unwrap(),
            Period { from: d("2026-01-05"), to: d("2026-02-01") }
        );
        assert!(Period::parse("2026-13").is_err());
        assert!(Period::parse("2026-Q5").is_err());
        assert!(Period::parse("2026-03-01..2026-02-01").is_err());
        assert!(Period::parse("去年").is_err());
    }

    #[test]
    fn labels_read_like_the_reports() {
        assert_eq!(Period::parse("2026").unwrap().label_zh(), "2026年");
        assert_eq!(Period::parse("2026-Q3").unwrap().label_zh(), "2026年第三季度");
        assert_eq!(Period::parse("2026-03").unwrap().label_zh(), "2026年3月");
        assert_eq!(Period::parse("2026-01-05..2026-02-01").unwrap().label_zh(), "2026年1月5日至2026年2月1日");
    }
}
