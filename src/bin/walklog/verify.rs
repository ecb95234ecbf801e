//! `walklog verify`: the hash chain of the change log; with `--code`, a 核验码 printed on a
//! record. Both checks are the core's (`walklog::verify`), as on the app's 核验 screen.

use super::output::Outcome;
use super::CliResult;
use walklog::verify::CodeVerdict;
use walklog::{Error, Store};

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// 纪实上印的核验码，如 1A2B-3C4D-5E6F-7A8B
    #[arg(long, value_name = "核验码")]
    pub code: Option<String>,
    /// 此前记下或报表页脚印的链头（“链头 第 1234 条，1A2B-3C4D-5E6F-7A8B”或 1234:1A2B-3C4D，至少 8 位）：核对变更记录仍含有那一条，未被截断、改写或重算
    #[arg(long, value_name = "链头")]
    pub against: Option<String>,
}

pub fn run(store: &Store, args: &VerifyArgs) -> CliResult {
    let chain = store.check_chain()?;
    let mut text = match &chain.first_broken {
        None => format!("变更记录哈希链完整：共 {} 条，逐条校验通过。\n", chain.entries),
        Some((seq, why)) => format!("变更记录哈希链断裂：第 {seq} 条校验失败（{why}）。\n此前的记录校验通过；此后的记录不可信。\n"),
    };
    if let Some((seq, why)) = chain.first_broken.clone() {
        let json = serde_json::json!({ "chain": &chain });
        return Ok(Outcome::new(text, &json)?.with_problem(Some(Error::ChainBroken { seq, message: why }.into())));
    }
    // The tables must say what the log says: a row changed behind the log is named.
    let differences = store.check_tables()?;
    if differences.is_empty() {
        text.push_str("各表内容与变更记录一致。\n");
    } else {
        text.push_str(&format!("各表中有 {} 处与变更记录不符（绕过本系统改动）：\n", differences.len()));
        for d in &differences {
            text.push_str(&format!("  {}（编号 {}）：{}\n", d.entity_zh, d.id, d.what));
        }
    }
    let mut problem: Option<Error> = (!differences.is_empty()).then(|| Error::Tampered {
        records: differences.iter().map(|d| format!("{}（编号 {}）：{}", d.entity_zh, d.id, d.what)).collect(),
    });
    if let Some(anchor) = &args.against {
        // A head not held is a finding (exit 1, `tampered`); one in no form it takes, an error.
        let check = store.anchor_verdict(anchor)?;
        text.push_str(&format!("{}\n", check.message_zh));
        if !check.held {
            problem = problem.or(Some(Error::Tampered { records: vec![check.message_zh] }));
        }
    }
    if let Some(anchor) = store.chain_anchor()? {
        text.push_str(&format!("当前链头：{anchor}（请另行记下，日后可用 --against 核对）\n"));
    }
    let Some(code) = &args.code else {
        let json = serde_json::json!({ "chain": &chain, "tables": &differences, "anchor": store.chain_anchor()? });
        return Ok(Outcome::new(text, &json)?.with_problem(problem.map(Into::into)));
    };
    let check = store.check_code(code)?;
    text.push_str(&check.verdict.sentence_zh(&check.code));
    text.push('\n');
    if let Some(now) = &check.now {
        text.push_str(&format!("{}现在的情况：\n", now.record_zh));
        for line in &now.lines {
            text.push_str(&format!("  {line}\n"));
        }
    }
    let problem = match &check.verdict {
        CodeVerdict::SealChanged { .. } => {
            Some(Error::SealMismatch { message: format!("核验码 {} 对应的纪实内容与封存时不一致。", check.code) }.into())
        }
        _ => problem.map(Into::into),
    };
    Ok(Outcome::new(text, &check)?.with_problem(problem))
}

/// `walklog verify-file FILE`: was this file exported by this install, unchanged?
pub fn file(store: &Store, path: &std::path::Path) -> CliResult {
    let check = store.verify_file(path)?;
    let mut text = format!("{}\n", check.message_zh);
    if let Some(e) = &check.export {
        text.push_str(&format!("文件名（导出时）：{}；模板：{}；SHA-256：{}\n", e.file_name, if e.template.is_empty() { "—" } else { &e.template }, check.sha256));
    }
    let problem = (!check.known).then(|| Error::FileUnverified { message: check.message_zh.clone() }.into());
    Ok(Outcome::new(text, &check)?.with_problem(problem))
}
