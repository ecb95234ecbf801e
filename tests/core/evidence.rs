//! 不走过场 figures per unit on a small fixture whose every value is counted by hand below.

use crate::fixture::*;
use walklog::model::*;
use walklog::ops::NewAttachment;
use walklog::stats::{Period, Scope};

fn photo(city: &mut City, kind: OwnerKind, owner: &str, n: u8, taken: Option<&str>) {
    city.store
        .attach(NewAttachment {
            owner_kind: kind,
            owner_id: owner.into(),
            file_name: format!("p{n}.jpg"),
            bytes: vec![0xFF, 0xD8, 0xFF, 0xE0, n],
            caption: String::new(),
            taken_at: taken.map(ts),
        })
        .unwrap();
}

#[test]
fn evidence_figures_per_unit_match_the_hand_count() {
    let mut city = city();
    let (market, mhead) = (city.market.clone(), city.market_head.clone());
    let (district, dhead) = (city.district.clone(), city.district_head.clone());

    // 市场监管局 W1: live (start, 下一环节 and end all at 09:00), three photos: one at 09:20 (in the
    // step's window widened by 30 minutes), one at 11:00 (outside), one of the walk with no
    // capture time (outside). Sealed two days after it ended. No edit after its end.
    let w1 = city.walked(&market, &mhead, WalkKind::Daily, "2026-03-01T09:00:00+08:00");
    let step1 = city.store.steps(&w1.id).unwrap().remove(0);
    photo(&mut city, OwnerKind::Step, &step1.id, 1, Some("2026-03-01T09:20:00+08:00"));
    photo(&mut city, OwnerKind::Step, &step1.id, 2, Some("2026-03-01T11:00:00+08:00"));
    photo(&mut city, OwnerKind::Walk, &w1.id, 3, None);
    city.store.set_clock(Some(ts("2026-03-03T09:00:00+08:00")));
    city.store.archive_walk(&w1.id).unwrap();

    // W2: a step typed in at 15:00 and the reflection edited at 15:00, both after its 09:00 end
    // (2 late edits, not live); sealed four days after it ended.
    let w2 = city.walked(&market, &mhead, WalkKind::Cross, "2026-03-02T09:00:00+08:00");
    city.store.set_clock(Some(ts("2026-03-02T15:00:00+08:00")));
    let mut typed = city.store.steps(&w2.id).unwrap().remove(0);
    typed.id = String::new();
    typed.seq = 0;
    typed.name = "补录的窗口受理".into();
    city.store.save_step(typed).unwrap();
    let mut edit = city.store.walk(&w2.id).unwrap();
    edit.reflection = "事后补写的感受".into();
    city.store.update_walk(edit).unwrap();
    city.store.set_clock(Some(ts("2026-03-06T09:00:00+08:00")));
    city.store.archive_walk(&w2.id).unwrap();

    // 金水区 W3: its live step's time corrected three hours later (1 late edit, not live); open.
    let w3 = city.walked(&district, &dhead, WalkKind::Daily, "2026-03-04T09:00:00+08:00");
    let step3 = city.store.steps(&w3.id).unwrap().remove(0);
    city.store.set_clock(Some(ts("2026-03-04T12:00:00+08:00")));
    city.store.retime_step(&step3.id, ts("2026-03-04T08:50:00+08:00"), None).unwrap();
    // Outside the figures: a planned walk, and a walk of another quarter.
    city.store.plan_walk(city.daily_walk("2026-03-20")).unwrap();
    city.walked(&market, &mhead, WalkKind::Daily, "2026-04-02T09:00:00+08:00");

    let q1 = Period::quarter(2026, 1).unwrap();
    let (total, units) = city.store.evidence(&Scope::City, &q1).unwrap();
    let of = |id: &str| units.iter().find(|(d, _)| d.id == id).map(|(_, e)| e.clone()).unwrap();

    // The office's SQL and the photo list's rule (photo::presence) flag the same photos.
    let flagged = |kind, id: &str| {
        city.store.attachment_views(kind, id).unwrap().iter().filter(|v| !matches!(v.presence, Some(walklog::photo::Presence::InWindow))).count()
    };
    assert_eq!(flagged(OwnerKind::Step, &step1.id) + flagged(OwnerKind::Walk, &w1.id), 2);

    let m = of(&market);
    assert_eq!((m.walks, m.walks_live, m.walks_with_photos, m.photos, m.photos_outside, m.late_edits), (2, 1, 1, 3, 2, 2), "{m:?}");
    assert_eq!(m.live_share, Some(50.0));
    assert_eq!(m.days_to_seal.map(|d| (d * 10.0).round() / 10.0), Some(3.0));
    assert!(!m.stands_out, "half live is not mostly after the fact");

    let d = of(&district);
    assert_eq!((d.walks, d.walks_live, d.photos, d.late_edits), (1, 0, 0, 1), "{d:?}");
    assert_eq!((d.live_share, d.days_to_seal, d.stands_out), (Some(0.0), None, true));

    let s = of(&city.street);
    assert_eq!((s.walks, s.live_share, s.stands_out), (0, None, false));

    assert_eq!((total.walks, total.walks_live, total.photos, total.photos_outside, total.late_edits), (3, 1, 3, 2, 3));
    assert!((total.live_share.unwrap() - 100.0 / 3.0).abs() < 1e-9);
    assert!(total.stands_out);
    assert_eq!(
        total.sentence(),
        "完成的 3 次体验中，现场记录 1 次（33%），附现场照片的 1 次；照片 3 张，其中拍摄时间不在所属环节内或无拍摄时间的 2 张；体验结束后修改 3 处；从体验结束到归档平均 3.0 天。"
    );

    // A district's scope holds only its units.
    let (only, units) = city.store.evidence(&Scope::District(district.clone()), &q1).unwrap();
    assert_eq!((only.walks, units.len()), (1, 2));
}
