//! `walklog verify`: walks the hash chain of the change log; with `--code`, checks that the
//! sealed walk a 核验码 was printed for still holds exactly the content that was sealed.

use super::output::{Failure, Outcome};
use super::CliResult;
use walklog::ops::SealedWalk;
use walklog::store::{find_by_code, verify_chain};
use walklog::{Error, Store};

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// 纪实上印的核验码，如 1A2B-3C4D-5E6F-7A8B
    #[arg(long, value_name = "核验码")]
    pub code: Option<String>,
}

pub fn run(store: &Store, args: &VerifyArgs) -> CliResult {
    let report = verify_chain(store.conn())?;
    let json = |code_ok: bool| serde_json::json!({ "chain": &report, "code": args.code, "code_ok": code_ok });
    let mut text = match &report.first_broken {
        None => format!("变更记录哈希链完整：共 {} 条，逐条校验通过。\n", report.entries),
        Some((seq, why)) => format!("变更记录哈希链断裂：第 {seq} 条校验失败（{why}）。\n此前的记录校验通过；此后的记录不可信。\n"),
    };
    if let Some((seq, why)) = report.first_broken.clone() {
        return Ok(Outcome::new(text, &json(false))?.with_problem(Some(Error::ChainBroken { seq, message: why }.into())));
    }
    let Some(code) = &args.code else {
        return Outcome::new(text, &json(true));
    };
    let code = normalise(code)?;
    let (outcome_text, problem) = check_code(store, &code)?;
    text.push_str(&outcome_text);
    Ok(Outcome::new(text, &json(problem.is_none()))?.with_problem(problem))
}

/// Accepts the code with or without dashes, any case.
fn normalise(code: &str) -> Result<String, Failure> {
    let hex: String = code.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase();
    if hex.len() != 16 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        let message = format!("核验码“{}”格式不对，应为 16 位，如 1A2B-3C4D-5E6F-7A8B。", code.trim());
        return Err(Error::Usage { message }.into());
    }
    Ok(format!("{}-{}-{}-{}", &hex[0..4], &hex[4..8], &hex[8..12], &hex[12..16]))
}

fn check_code(store: &Store, code: &str) -> Result<(String, Option<Failure>), Failure> {
    use rusqlite::OptionalExtension;
    let walk_id: Option<String> = store
        .conn()
        .query_row("SELECT id FROM walks WHERE seal_code = ?1 AND status = 'archived'", [code], |r| r.get(0))
        .optional()
        .map_err(Error::from)?;
    let Some(walk_id) = walk_id else {
        return check_log_code(store, code);
    };
    let current = store.sealed_walk(&walk_id)?;
    let head = format!("核验码 {code}：{}（{}）\n", current.walk.title, current.walk.walk_date());
    // The code is computed from the sealed content, so the current content must give it back.
    if current.code()? == code {
        let text = format!(
            "{head}核验通过：现有内容按封存规则计算出的核验码与之一致（环节 {} 个，问题 {} 个）。\n",
            current.steps.len(),
            current.problems.len()
        );
        return Ok((text, None));
    }
    // It does not: the line that sealed it (if this install sealed it) says what changed.
    let mut stmt = store
        .conn()
        .prepare("SELECT state FROM change_log WHERE entity = 'walk' AND entity_id = ?1 AND action = 'archive' ORDER BY seq DESC LIMIT 1")
        .map_err(Error::from)?;
    let sealed: Option<String> = stmt.query_row([&walk_id], |r| r.get(0)).optional().map_err(Error::from)?;
    let mut now = current.clone();
    now.walk.seal_code = None;
    let differences = match sealed {
        Some(state) => compare(&serde_json::from_str::<SealedWalk>(&state).map_err(Error::from)?, &now),
        None => Vec::new(),
    };
    let detail = if differences.is_empty() {
        "（该体验由其他终端封存后导入，本机没有封存原文，无法指出改动之处）\n".to_string()
    } else {
        format!("封存后被改动之处：\n{}", differences.iter().map(|d| format!("  - {d}\n")).collect::<String>())
    };
    let mismatch = Error::SealMismatch { message: format!("核验码 {code} 对应的纪实内容与封存时不一致。") };
    Ok((format!("{head}{detail}"), Some(mismatch.into())))
}

/// A code that is not a sealed walk's: an exported record's code names the change-log line the
/// record was made from. The chain up to it was checked above, so the line is authentic.
fn check_log_code(store: &Store, code: &str) -> Result<(String, Option<Failure>), Failure> {
    match find_by_code(store.conn(), code)? {
        Some(line) => Ok((
            format!(
                "核验码 {code} 对应第 {} 条变更记录（{}，操作人 {}，{} {}），该记录真实，此前的记录未被改动。\n",
                line.seq, line.at, line.actor, walklog::error::entity_zh(&line.entity), line.action
            ),
            None,
        )),
        // The explanation goes to stdout; the error names the code that was not found.
        None => Ok((
            format!("本数据库中没有核验码为 {code} 的纪实或变更记录。\n"),
            Some(Error::NotFound { entity: "record", id: code.to_string() }.into()),
        )),
    }
}

/// Where the current content differs from the sealed one, in words.
fn compare(sealed: &SealedWalk, now: &SealedWalk) -> Vec<String> {
    let mut out = Vec::new();
    if sealed.walk != now.walk {
        out.push("体验基本信息（标题、时间、地点、人员等）".to_string());
    }
    if sealed.steps.len() != now.steps.len() {
        out.push(format!("环节数量（封存时 {} 个，现在 {} 个）", sealed.steps.len(), now.steps.len()));
    }
    for (a, b) in sealed.steps.iter().zip(&now.steps) {
        if a != b {
            out.push(format!("第 {} 个环节“{}”", a.seq, a.name));
        }
    }
    if sealed.problems.len() != now.problems.len() {
        out.push(format!("问题数量（封存时 {} 个，现在 {} 个）", sealed.problems.len(), now.problems.len()));
    }
    for (i, (a, b)) in sealed.problems.iter().zip(&now.problems).enumerate() {
        if a != b {
            out.push(format!("第 {} 个问题", i + 1));
        }
    }
    out
}
