//! `walklog walk new|start|step|add-step|retime|finish|archive|show`: one walk from plan to seal.

use super::output::Outcome;
use super::parse::{date, time, vocab};
use super::{CliResult, Ctx};
use clap::{Args, Subcommand};
use walklog::model::{Channel, Incognito, Manner, PlaceLevel, Step, Walk, WalkKind, WalkStatus, Way};

#[derive(Debug, Args)]
pub struct WalkArgs {
    #[command(subcommand)]
    pub verb: WalkVerb,
}

// Parsed once per run; boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum WalkVerb {
    /// 计划一次体验（状态：计划中）
    New(NewWalk),
    /// 开始体验（以本机时间记下开始时间）
    Start {
        /// 体验（编号或标题）
        #[arg(value_name = "体验")]
        walk: String,
    },
    /// 下一环节：结束当前环节并开始新的环节（以本机时间记时）
    Step {
        /// 体验（编号或标题）
        #[arg(value_name = "体验")]
        walk: String,
        /// 环节名称，如 取号、窗口受理
        #[arg(value_name = "环节")]
        name: String,
        /// 地点或窗口
        #[arg(long, value_name = "地点", default_value = "")]
        place: String,
    },
    /// 结束体验（当前环节随之结束）
    Finish {
        /// 体验（编号或标题）
        #[arg(value_name = "体验")]
        walk: String,
    },
    /// 归档：封存体验及其环节、问题，生成核验码
    Archive {
        /// 体验（编号或标题）
        #[arg(value_name = "体验")]
        walk: String,
    },
    /// 补录环节：事后录入一个环节及其起止时间（记录方式为“事后补录”，录入时间由本机记下）
    AddStep {
        /// 体验（编号或标题）
        #[arg(value_name = "体验")]
        walk: String,
        /// 环节名称
        #[arg(value_name = "环节")]
        name: String,
        /// 开始时间，如 2026-11-14 09:10
        #[arg(long, value_name = "时间")]
        start: String,
        /// 结束时间，如 2026-11-14 09:25
        #[arg(long, value_name = "时间")]
        end: String,
        /// 地点或窗口
        #[arg(long, value_name = "地点", default_value = "")]
        place: String,
    },
    /// 修改环节时间（事后修改：原记录的时间保留）
    Retime {
        /// 环节编号
        #[arg(value_name = "环节编号")]
        step: String,
        /// 新的开始时间
        #[arg(long, value_name = "时间")]
        start: String,
        /// 新的结束时间（不填则不变）
        #[arg(long, value_name = "时间")]
        end: Option<String>,
    },
    /// 查看一次体验：基本信息、环节和问题
    Show {
        /// 体验（编号或标题）
        #[arg(value_name = "体验")]
        walk: String,
    },
}

#[derive(Debug, Args)]
pub struct NewWalk {
    /// 标题
    #[arg(long, value_name = "标题")]
    title: String,
    /// 体验的一把手（人员编号或姓名）
    #[arg(long, value_name = "人员")]
    leader: String,
    /// 体验单位（编号或名称；默认：一把手所在单位）
    #[arg(long, value_name = "单位")]
    dept: Option<String>,
    /// 体验方式：daily/cross/acceptance 或 日常体验/交叉体验/受理体验
    #[arg(long, value_name = "方式", default_value = "daily")]
    kind: String,
    /// 日常体验的办理方式：in_person/as_agent/accompanying 或 亲自办/代理办/陪同办
    #[arg(long, value_name = "办理方式")]
    manner: Option<String>,
    /// 走法（可多次）：unannounced/linked/mutual/grassroots 或 深入暗访走/上下联动走/部门互相走/下沉走
    #[arg(long = "way", value_name = "走法")]
    ways: Vec<String>,
    /// 办理渠道：hall/web/app/kiosk/phone 或中文
    #[arg(long, value_name = "渠道", default_value = "hall")]
    channel: String,
    /// 地点层级：city_hall/district_centre/street_centre/community_station/kiosk/online 或中文
    #[arg(long, value_name = "层级", default_value = "city_hall")]
    place_level: String,
    /// 地点名称，如 市民之家
    #[arg(long, value_name = "地点", default_value = "")]
    place: String,
    /// 体验的服务事项（编号或名称，可多次）
    #[arg(long = "matter", value_name = "事项")]
    matters: Vec<String>,
    /// 陪同人员（编号或姓名，可多次）
    #[arg(long = "companion", value_name = "人员")]
    companions: Vec<String>,
    /// 不亮身份、不打招呼、不安排陪同（日常体验必须）
    #[arg(long)]
    incognito: bool,
    /// 纪实中代替一把手姓名的化名
    #[arg(long, value_name = "化名")]
    alias: Option<String>,
    /// 计划日期（默认今天），如 2026-03-31
    #[arg(long, value_name = "日期")]
    date: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: WalkArgs) -> CliResult {
    let store = &mut ctx.store;
    match args.verb {
        WalkVerb::New(new) => {
            let walk = store.plan_walk(new.into_walk(store)?)?;
            Outcome::new(format!("已计划体验：{}（{}），编号 {}\n", walk.title, walk.planned_date, walk.id), &walk)
        }
        WalkVerb::Start { walk } => {
            let id = store.lookup_walk(&walk)?.id;
            let walk = store.start_walk(&id)?;
            Outcome::new(format!("体验已开始：{}\n", walk.title), &walk)
        }
        WalkVerb::Step { walk, name, place } => {
            let id = store.lookup_walk(&walk)?.id;
            let step = store.next_step(&id, &name, &place)?;
            Outcome::new(format!("第 {} 个环节开始：{}，编号 {}\n", step.seq, step.name, step.id), &step)
        }
        WalkVerb::AddStep { walk, name, start, end, place } => {
            let walk_id = store.lookup_walk(&walk)?.id;
            let step = Step::new(&walk_id, &name, &place, time("start", &start)?, Some(time("end", &end)?));
            let step = store.save_step(step)?;
            Outcome::new(format!("已补录第 {} 个环节：{}，编号 {}\n", step.seq, step.name, step.id), &step)
        }
        WalkVerb::Retime { step, start, end } => {
            let end = end.as_deref().map(|e| time("end", e)).transpose()?;
            let step = store.retime_step(&step, time("start", &start)?, end)?;
            Outcome::new(format!("已修改第 {} 个环节的时间（事后修改，原时间已保留）\n", step.seq), &step)
        }
        WalkVerb::Finish { walk } => {
            let id = store.lookup_walk(&walk)?.id;
            let walk = store.complete_walk(&id)?;
            Outcome::new(format!("体验已结束：{}\n", walk.title), &walk)
        }
        WalkVerb::Archive { walk } => {
            let id = store.lookup_walk(&walk)?.id;
            let walk = store.archive_walk(&id)?;
            let code = walk.seal_code.clone().unwrap_or_default();
            Outcome::new(format!("体验已归档封存：{}，核验码 {code}\n", walk.title), &walk)
        }
        WalkVerb::Show { walk } => {
            let id = store.lookup_walk(&walk)?.id;
            let full = store.sealed_walk(&id)?;
            let w = &full.walk;
            let mut text = format!("{}（{}，{}）\n编号：{}\n", w.title, w.kind.label_zh(), w.status.label_zh(), w.id);
            if let Some(code) = &w.seal_code {
                text.push_str(&format!("核验码：{code}\n"));
            }
            let capture = walklog::ops::capture::summarise(w, &full.steps);
            text.push_str(&format!("记录方式：{}\n", capture.headline));
            for note in &capture.notes {
                text.push_str(&format!("  {note}\n"));
            }
            for s in &full.steps {
                let end = s.ended_at.map(|t| t.format("%H:%M").to_string()).unwrap_or_else(|| "进行中".into());
                text.push_str(&format!("  环节 {}：{}（{}—{end}）\n", s.seq, s.name, s.started_at.format("%H:%M")));
            }
            for p in &full.problems {
                let state = if p.resolved_on.is_some() { "已立行立改" } else { p.nature.label_zh() };
                text.push_str(&format!("  问题：{}（{state}），编号 {}\n", p.description, p.id));
            }
            Outcome::new(text, &full)
        }
    }
}

impl NewWalk {
    /// The walk as typed, names looked up; `plan_walk` checks every rule of a walk.
    fn into_walk(self, store: &walklog::Store) -> Result<Walk, walklog::Error> {
        let leader = store.lookup_person(&self.leader)?;
        let department_id = match &self.dept {
            Some(d) => store.lookup_department(d)?.id,
            None => leader.department_id.clone(),
        };
        let planned_date = match &self.date {
            Some(d) => date("planned_date", d)?,
            None => store.today(),
        };
        Ok(Walk {
            id: String::new(),
            title: self.title,
            department_id,
            leader_id: leader.id,
            kind: vocab!(WalkKind, &self.kind, "体验方式")?,
            manner: self.manner.as_deref().map(|m| vocab!(Manner, m, "办理方式")).transpose()?,
            ways: self.ways.iter().map(|w| vocab!(Way, w, "走法")).collect::<Result<_, _>>()?,
            channel: vocab!(Channel, &self.channel, "办理渠道")?,
            place_level: vocab!(PlaceLevel, &self.place_level, "地点层级")?,
            place_name: self.place,
            matter_ids: self.matters.iter().map(|m| store.lookup_matter(m).map(|m| m.id)).collect::<Result<_, _>>()?,
            companion_ids: self.companions.iter().map(|p| store.lookup_person(p).map(|p| p.id)).collect::<Result<_, _>>()?,
            incognito: self.incognito.then_some(Incognito { identity_hidden: true, no_notice: true, no_escort: true }),
            alias: self.alias,
            planned_date,
            started_at: None,
            ended_at: None,
            status: WalkStatus::Planned,
            reflection: String::new(),
            suggestions: 0,
            questionnaires: 0,
            coordinated: 0,
            seal_code: None,
            capture: Default::default(),
        })
    }
}
