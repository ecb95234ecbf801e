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
    let Some(code) = &args.code else {
        return Outcome::new(text, &serde_json::json!({ "chain": &chain }));
    };
    let check = store.check_code(code)?;
    text.push_str(&check.verdict.sentence_zh(&check.code));
    text.push('\n');
    let problem = match &check.verdict {
        CodeVerdict::SealChanged { .. } => {
            Some(Error::SealMismatch { message: format!("核验码 {} 对应的纪实内容与封存时不一致。", check.code) }.into())
        }
        _ => None,
    };
    Ok(Outcome::new(text, &check)?.with_problem(problem))
}
