//! `walklog stats`: the programme's figures for a unit, a district or the city, any period.

use super::output::Outcome;
use super::table::Table;
use super::CliResult;
use walklog::model::Department;
use walklog::stats::{Evidence, Figures, Period, Scope};
use walklog::Store;

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// 只统计一个单位（编号或名称）
    #[arg(long, value_name = "单位")]
    pub dept: Option<String>,
    /// 统计一个区县及其下属街道、社区（编号或名称）
    #[arg(long, value_name = "单位", conflicts_with = "dept")]
    pub district: Option<String>,
    /// 统计期：2026、2026-Q3、2026-03、2026-01-01..2026-06-30（默认：截至目前）
    #[arg(long, value_name = "统计期")]
    pub period: Option<String>,
    /// 纪实真实性：按单位列出现场记录占比、照片、事后修改、归档用时
    #[arg(long)]
    pub evidence: bool,
}

pub fn run(store: &Store, args: &StatsArgs) -> CliResult {
    let scope = match (&args.dept, &args.district) {
        (Some(d), _) => Scope::Department(store.lookup_department(d)?.id),
        (None, Some(d)) => Scope::District(store.lookup_department(d)?.id),
        (None, None) => Scope::City,
    };
    let period = match &args.period {
        Some(p) => Period::parse(p)?,
        None => Period::all(),
    };
    if args.evidence {
        let (total, units) = store.evidence(&scope, &period)?;
        let json = serde_json::json!({
            "total": total,
            "units": units.iter().map(|(d, e)| serde_json::json!({ "department": d, "evidence": e })).collect::<Vec<_>>(),
        });
        return Outcome::new(render_evidence(&total, &units), &json);
    }
    let figures = store.figures(&scope, &period)?;
    Outcome::new(render(&figures), &figures)
}

/// 纪实真实性 per unit that walked; units recording mostly after the fact are starred.
fn render_evidence(total: &Evidence, units: &[(Department, Evidence)]) -> String {
    let pct = |v: Option<f64>| v.map(|v| format!("{v:.0}%")).unwrap_or_else(|| "—".into());
    let mut table = Table::new(&["单位", "体验", "现场记录", "占比", "有照片", "照片", "时间不符", "事后修改", "归档(天)"]);
    for (d, e) in units.iter().filter(|(_, e)| e.walks > 0) {
        table.row(vec![
            format!("{}{}", d.name, if e.stands_out { " ★" } else { "" }),
            e.walks.to_string(),
            e.walks_live.to_string(),
            pct(e.live_share),
            e.walks_with_photos.to_string(),
            e.photos.to_string(),
            e.photos_outside.to_string(),
            e.late_edits.to_string(),
            e.days_to_seal.map(|d| format!("{d:.1}")).unwrap_or_else(|| "—".into()),
        ]);
    }
    let mut out = if table.is_empty() { "统计期内没有完成的体验。\n".to_string() } else { table.render() };
    if units.iter().any(|(_, e)| e.stands_out) {
        out.push_str("★ 现场记录不足一半：体验多为事后补录，请核实。\n");
    }
    out.push('\n');
    out.push_str(&total.sentence());
    out.push('\n');
    out
}

fn render(f: &Figures) -> String {
    let mut out = format!("{} · {}（统计日：{}）\n\n", f.scope_label, f.period.label_zh(), chrono::Local::now().format("%Y-%m-%d"));
    let n = |v: u32| v.to_string();
    let rows: Vec<(&str, String)> = vec![
        ("单位数", n(f.units)),
        ("开展体验的单位", n(f.units_walked)),
        ("开展体验的一把手", n(f.heads_walked)),
        ("完成体验（次）", n(f.walks)),
        ("  其中：日常体验", n(f.walks_daily)),
        ("        交叉体验", n(f.walks_cross)),
        ("        受理体验", n(f.walks_acceptance)),
        ("计划中/进行中的体验", n(f.walks_pending)),
        ("发现问题（个）", n(f.problems_found)),
        ("解决问题（个）", n(f.problems_solved)),
        ("  其中：立行立改", n(f.problems_on_spot)),
        ("推出解决措施（项）", n(f.measures)),
        ("  待整改", n(f.tasks_open)),
        ("  整改中", n(f.tasks_in_progress)),
        ("  已完成待销号", n(f.tasks_done)),
        ("  已销号", n(f.tasks_closed_out)),
        ("  逾期未销号", n(f.tasks_overdue)),
        ("整改办结率", f.closure_rate.map(|r| format!("{r:.0}%")).unwrap_or_else(|| "—".into())),
        ("优化/再造办理流程（个）", n(f.processes_optimised)),
        ("压缩审批时限事项（个）", n(f.time_compressed)),
        ("出台制度（项）", n(f.policies_issued)),
        ("减少办事环节（个）", n(f.steps_removed)),
        ("减少材料（份）", n(f.materials_removed)),
        ("减少跑动（次）", n(f.trips_removed)),
        ("压缩办理时间（工作日）", n(f.days_cut)),
        ("征集意见建议（条）", n(f.suggestions)),
        ("发放问卷（份）", n(f.questionnaires)),
        ("协调办事（件）", n(f.coordinated)),
        ("好差评（条）", n(f.reviews)),
        ("  其中：差评", n(f.reviews_bad)),
        ("        已整改的差评", n(f.reviews_bad_solved)),
        ("差评整改率", f.bad_review_fix_rate.map(|r| format!("{r:.2}%")).unwrap_or_else(|| "—".into())),
    ];
    let mut table = Table::new(&["指标", "数值"]);
    for (label, value) in rows {
        table.row(vec![label.to_string(), value]);
    }
    out.push_str(&table.render());
    if !f.heads_not_walked.is_empty() {
        out.push_str(&format!("\n本期尚未开展体验的一把手（{} 人）：\n", f.heads_not_walked.len()));
        for h in &f.heads_not_walked {
            out.push_str(&format!("  {}（{}）\n", h.name, h.department_name));
        }
    }
    out.push('\n');
    out.push_str(&f.sentence());
    out.push('\n');
    out
}

