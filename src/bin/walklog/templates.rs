//! `walklog templates`: the templates as files in the data folder (导出 → 模板 in the app).

use super::output::Outcome;
use super::table::Table;
use super::CliResult;
use walklog::report::library::TemplateKind;
use walklog::{Error, Store};

#[derive(Debug, clap::Args)]
pub struct TemplatesArgs {
    /// 只列出一种记录的模板：体验纪实表、问题清单、整改台账、完成情况报告、督办单、周报
    #[arg(long, value_name = "记录")]
    pub record: Option<String>,
    /// 设为该记录的默认模板（模板名称，不含 .md；“内置”恢复内置模板）；须同时给出 --record
    #[arg(long, value_name = "名称", requires = "record")]
    pub default: Option<String>,
    /// 把文件保存为该记录的一份模板副本（先检查能否用当前数据填充）；须同时给出 --record 和 --name
    #[arg(long, value_name = "文件", requires_all = ["record", "name"])]
    pub save: Option<std::path::PathBuf>,
    /// 副本的名称
    #[arg(long, value_name = "名称")]
    pub name: Option<String>,
}

fn kind(text: &str) -> Result<TemplateKind, Error> {
    let t = text.trim().trim_end_matches(".md");
    TemplateKind::ALL.into_iter().find(|k| k.label_zh() == t).ok_or_else(|| {
        let names: Vec<&str> = TemplateKind::ALL.iter().map(|k| k.label_zh()).collect();
        Error::Validation { field: "record", message: format!("没有“{t}”这种记录，可选：{}。", names.join("、")) }
    })
}

pub fn run(store: &mut Store, args: &TemplatesArgs) -> CliResult {
    let chosen = args.record.as_deref().map(kind).transpose()?;
    let mut said = String::new();
    if let (Some(k), Some(path)) = (chosen, &args.save) {
        let source = std::fs::read_to_string(path).map_err(|e| Error::TemplateRead { path: path.clone(), reason: e.to_string() })?;
        let name = args.name.as_deref().unwrap_or_default();
        let saved = store.save_template(k, name, &source)?;
        said.push_str(&format!("已保存“{}”的模板副本“{}”：{}\n", k.label_zh(), saved.name, saved.path));
    }
    if let (Some(k), Some(name)) = (chosen, &args.default) {
        let name = Some(name.as_str()).filter(|n| *n != "内置");
        store.set_default_template(k, name)?;
        said.push_str(&format!("“{}”今后默认使用模板“{}”。\n", k.label_zh(), name.unwrap_or(k.label_zh())));
    }
    let kinds: Vec<TemplateKind> = chosen.map(|k| vec![k]).unwrap_or_else(|| TemplateKind::ALL.to_vec());
    let mut table = Table::new(&["记录", "模板", "类别", "默认", "文件"]);
    let mut all = Vec::new();
    for k in kinds {
        for t in store.templates(k)? {
            table.row(vec![
                k.label_zh().into(),
                t.name.clone(),
                if t.builtin { "内置".into() } else { "副本".into() },
                if t.default { "是".into() } else { String::new() },
                t.path.clone(),
            ]);
            all.push(t);
        }
    }
    said.push_str(&table.render());
    said.push_str(&format!("模板文件夹：{}\n", store.templates_dir().display()));
    Outcome::new(said, &all)
}
