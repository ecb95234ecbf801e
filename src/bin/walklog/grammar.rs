//! The command-line grammar in Chinese: clap's headings, usage line and parse errors are English,
//! so every command, nested ones included, gets Chinese headings and errors are reworded.

use super::Cli;
use clap::error::{ContextKind, ContextValue, ErrorKind};

const HELP_TEMPLATE: &str = "{about}\n\n用法：{usage}\n\n{all-args}";

/// Sets the Chinese help shape on a command and, recursively, on every command below it.
fn localise(cmd: clap::Command) -> clap::Command {
    cmd.help_template(HELP_TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_subcommand(true)
        .mut_args(|arg| match arg.get_help_heading() {
            Some(_) => arg,
            None if arg.is_positional() => arg.help_heading("参数"),
            None => arg.help_heading("选项"),
        })
        .mut_subcommands(localise)
}

pub fn command() -> clap::Command {
    use clap::CommandFactory;
    localise(Cli::command())
}

/// Why parsing stopped: help or version to print (exit 0), or a usage error (exit 2).
pub enum Exit {
    Shown(String),
    Usage(walklog::Error),
}

impl Exit {
    pub fn print(self, json: bool) -> i32 {
        match self {
            Exit::Shown(text) => {
                super::output::print_out(&text);
                0
            }
            Exit::Usage(e) => {
                super::output::Failure::from(e).eprint(json);
                2
            }
        }
    }
}

pub fn parse() -> Result<Cli, Exit> {
    use clap::FromArgMatches;
    let e = match command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            Err(Exit::Shown(chinese_usage(&e.render().to_string())))
        }
        _ => Err(Exit::Usage(walklog::Error::Usage { message: usage_message(&e) })),
    }
}

/// clap's fixed English words in a rendered help text.
fn chinese_usage(text: &str) -> String {
    let text = text.replace("[OPTIONS]", "[选项]");
    // Headings (选项, 参数, 命令 and our own) are the unindented lines ending in clap's colon.
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| match l.strip_suffix(':') {
            Some(heading) if !heading.starts_with(' ') && !heading.is_empty() => format!("{heading}："),
            _ => l.to_string(),
        })
        .collect();
    lines.join("\n")
}

/// A parse error in Chinese, naming the argument or value clap names.
fn usage_message(e: &clap::Error) -> String {
    let context = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join("、"),
        _ => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let what = match e.kind() {
        ErrorKind::InvalidSubcommand => format!("没有“{}”这个命令", context(ContextKind::InvalidSubcommand)),
        ErrorKind::UnknownArgument => format!("无法识别的参数“{arg}”"),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数 {arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!("参数 {arg} 的值“{value}”无效"),
        ErrorKind::ArgumentConflict => format!("参数 {arg} 不能与 {} 同时使用", context(ContextKind::PriorArg)),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => format!("参数“{arg}”多余或数量不对"),
        _ => "命令行参数有误".to_string(),
    };
    format!("{what}，请用 --help 查看用法。")
}
