//! Reading typed values from what was typed: the programme's vocabularies (code or Chinese
//! label) and dates. Errors name what was expected, in Chinese.

use walklog::model::Date;
use walklog::Error;

/// A closed vocabulary's value from its code or Chinese label; the error lists them all.
pub fn parse_enum<T: Copy>(text: &str, parse: fn(&str) -> Option<T>, all: &[T], show: fn(T) -> String, what: &str) -> Result<T, Error> {
    parse(text).ok_or_else(|| {
        let known: Vec<String> = all.iter().map(|v| show(*v)).collect();
        Error::Usage { message: format!("无法识别的{what}“{}”，可用：{}。", text.trim(), known.join("、")) }
    })
}

/// `parse_enum` for the labelled enums of the model, shown as `code（标签）`.
macro_rules! vocab {
    ($ty:ty, $text:expr, $what:literal) => {
        $crate::parse::parse_enum($text, <$ty>::parse, <$ty>::ALL, |v| format!("{}（{}）", v.code(), v.label_zh()), $what)
    };
}
pub(crate) use vocab;

/// A calendar date written `2026-03-31`.
pub fn date(field: &'static str, text: &str) -> Result<Date, Error> {
    Date::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Error::Validation { field, message: format!("“{}”不是日期，请写成 2026-03-31 的格式。", text.trim()) })
}

/// A time written `2026-11-14 09:10` (this machine's time zone) or in full, `2026-11-14T09:10:00+08:00`.
pub fn time(field: &'static str, text: &str) -> Result<walklog::model::Timestamp, Error> {
    use chrono::TimeZone;
    let text = text.trim();
    if let Ok(t) = walklog::model::strict::parse_timestamp(text) {
        return Ok(t);
    }
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .ok()
        .and_then(|n| chrono::Local.from_local_datetime(&n).single())
        .map(|t| t.fixed_offset())
        .ok_or_else(|| Error::Validation { field, message: format!("“{text}”不是时间，请写成 2026-11-14 09:10 的格式。") })
}
