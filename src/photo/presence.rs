//! Does a photo prove presence? Its EXIF capture time against its owner's time window, computed
//! on read: a step's window grows while the step is open, so no verdict is stored.
//!
//! The rule (the office's figure "photos outside their step" counts the same way):
//! - window of a step: [started_at, ended_at, or now while open];
//! - window of a walk: [started_at, ended_at, or now while under way]; none before it starts;
//! - a problem's photo: its step's window when it names a step, else its walk's;
//! - a photo is outside when taken more than `PRESENCE_TOLERANCE_MINUTES` before the window
//!   opens or after it closes (clocks of phones and laptops differ by a few minutes).
//!   Tasks and notes have no window: their evidence is not about presence.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{Attachment, OwnerKind, Timestamp};
use crate::store::Store;

/// How far (minutes) before or after its window a photo may be taken and still count as taken there.
pub const PRESENCE_TOLERANCE_MINUTES: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Presence {
    /// Taken inside the window (or within the tolerance of its ends).
    InWindow,
    /// Taken `minutes` before the window opened (more than the tolerance).
    Before { minutes: i64 },
    /// Taken `minutes` after the window closed (more than the tolerance).
    After { minutes: i64 },
    /// The photo records no capture time.
    NoCaptureTime,
    /// The owner has no window yet (a walk not started).
    NoWindow,
}

/// The verdict for one capture time against one window (start, end).
pub fn presence(taken_at: Option<Timestamp>, window: Option<(Timestamp, Timestamp)>) -> Presence {
    let Some(taken) = taken_at else { return Presence::NoCaptureTime };
    let Some((start, end)) = window else { return Presence::NoWindow };
    let tolerance = chrono::Duration::minutes(PRESENCE_TOLERANCE_MINUTES);
    if taken < start - tolerance {
        Presence::Before { minutes: (start - taken).num_minutes() }
    } else if taken > end.max(start) + tolerance {
        Presence::After { minutes: (taken - end.max(start)).num_minutes() }
    } else {
        Presence::InWindow
    }
}

impl Presence {
    /// The warning printed beside a photo (None when nothing is wrong); `within` names the
    /// window: 「本环节」 or 「本次体验」. The UI words it the same (ui/src/lib/photos.ts).
    pub fn flag_zh(&self, within: &str) -> Option<String> {
        match self {
            Presence::Before { minutes } => Some(format!("拍摄时间不在{within}内（早 {}）", duration_zh(*minutes))),
            Presence::After { minutes } => Some(format!("拍摄时间不在{within}内（晚 {}）", duration_zh(*minutes))),
            Presence::NoCaptureTime => Some("照片无拍摄时间".to_string()),
            Presence::InWindow | Presence::NoWindow => None,
        }
    }
}

/// 「2 小时 10 分」, 「3 天 1 小时」, 「45 分」.
pub fn duration_zh(minutes: i64) -> String {
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d} 天"));
    }
    if h > 0 {
        parts.push(format!("{h} 小时"));
    }
    if m > 0 || parts.is_empty() {
        parts.push(format!("{m} 分"));
    }
    parts.join(" ")
}

/// 「拍摄于 11月14日 09:42」 (the photo's own clock).
pub fn taken_zh(taken_at: &Timestamp) -> String {
    format!("拍摄于 {}", taken_at.format("%-m月%-d日 %H:%M"))
}

/// An attachment as the UI lists it: with its presence verdict (None for tasks and notes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttachmentView {
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub attachment: Attachment,
    pub presence: Option<Presence>,
}

impl Store {
    /// The time window a photo of this owner is compared with: Ok(None) for tasks and notes,
    /// Ok(Some(None)) for a walk (or its step or problem) with no window yet.
    pub fn presence_window(&self, kind: OwnerKind, owner_id: &str) -> Result<Option<Option<(Timestamp, Timestamp)>>> {
        let now = self.now();
        let walk_window = |walk_id: &str| -> Result<Option<(Timestamp, Timestamp)>> {
            let walk = self.walk(walk_id)?;
            Ok(walk.started_at.map(|s| (s, walk.ended_at.unwrap_or(now))))
        };
        let step_window = |step_id: &str| -> Result<Option<(Timestamp, Timestamp)>> {
            let step = self.step(step_id)?;
            Ok(Some((step.started_at, step.ended_at.unwrap_or(now))))
        };
        Ok(match kind {
            OwnerKind::Step => Some(step_window(owner_id)?),
            OwnerKind::Walk => Some(walk_window(owner_id)?),
            OwnerKind::Problem => {
                let problem = self.problem(owner_id)?;
                match &problem.step_id {
                    Some(step_id) => Some(step_window(step_id)?),
                    None => match &problem.walk_id {
                        Some(walk_id) => Some(walk_window(walk_id)?),
                        // A 差评 was found by no walk: no window to be present in.
                        None => None,
                    },
                }
            }
            OwnerKind::Task | OwnerKind::Note => None,
        })
    }

    /// Attachments of one owner, each with its presence verdict.
    pub fn attachment_views(&self, kind: OwnerKind, owner_id: &str) -> Result<Vec<AttachmentView>> {
        let window = self.presence_window(kind, owner_id)?;
        let list = self.attachments(kind, owner_id)?;
        Ok(list.into_iter().map(|a| view(a, window)).collect())
    }

    /// One attachment with its presence verdict (the answer to attaching it).
    pub fn attachment_view(&self, attachment: Attachment) -> Result<AttachmentView> {
        let window = self.presence_window(attachment.owner_kind, &attachment.owner_id)?;
        Ok(view(attachment, window))
    }
}

fn view(attachment: Attachment, window: Option<Option<(Timestamp, Timestamp)>>) -> AttachmentView {
    let presence = window.map(|w| presence(attachment.taken_at, w));
    AttachmentView { attachment, presence }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(hm: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(&format!("2026-11-14T{hm}:00+08:00")).unwrap()
    }

    #[test]
    fn inside_and_within_half_an_hour_of_the_ends_count_as_present() {
        let w = Some((t("09:00"), t("09:40")));
        assert_eq!(presence(Some(t("09:20")), w), Presence::InWindow);
        assert_eq!(presence(Some(t("08:30")), w), Presence::InWindow);
        assert_eq!(presence(Some(t("10:10")), w), Presence::InWindow);
    }

    #[test]
    fn more_than_half_an_hour_off_says_by_how_much() {
        let w = Some((t("09:00"), t("09:40")));
        assert_eq!(presence(Some(t("08:29")), w), Presence::Before { minutes: 31 });
        assert_eq!(presence(Some(t("06:50")), w), Presence::Before { minutes: 130 });
        assert_eq!(presence(Some(t("10:11")), w), Presence::After { minutes: 31 });
    }

    #[test]
    fn the_flag_says_how_far_off_in_chinese() {
        assert_eq!(Presence::Before { minutes: 130 }.flag_zh("本环节").unwrap(), "拍摄时间不在本环节内（早 2 小时 10 分）");
        assert_eq!(Presence::After { minutes: 1500 }.flag_zh("本次体验").unwrap(), "拍摄时间不在本次体验内（晚 1 天 1 小时）");
        assert_eq!(Presence::NoCaptureTime.flag_zh("本环节").unwrap(), "照片无拍摄时间");
        assert_eq!(Presence::InWindow.flag_zh("本环节"), None);
        assert_eq!(taken_zh(&t("09:42")), "拍摄于 11月14日 09:42");
    }

    #[test]
    fn no_time_and_no_window_are_told_apart() {
        assert_eq!(presence(None, Some((t("09:00"), t("09:40")))), Presence::NoCaptureTime);
        assert_eq!(presence(None, None), Presence::NoCaptureTime);
        assert_eq!(presence(Some(t("09:00")), None), Presence::NoWindow);
    }
}
