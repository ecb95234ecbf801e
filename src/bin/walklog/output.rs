//! What a command prints: Chinese text for people, or with `--json` the core's serde result for
//! scripts; errors as `错误[code]: message`, or `{"code","message_zh","field"}`, on stderr.

use serde::Serialize;
use std::io::Write;

/// An error as the CLI reports it: always the core's (`walklog::Error`), with its stable code,
/// Chinese message and field.
#[derive(Debug)]
pub struct Failure(pub walklog::Error);

impl From<walklog::Error> for Failure {
    fn from(e: walklog::Error) -> Self {
        Failure(e)
    }
}

impl Failure {
    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    pub fn message_zh(&self) -> String {
        self.0.message_zh()
    }

    pub fn field(&self) -> Option<&'static str> {
        self.0.field()
    }

    pub fn eprint(&self, json: bool) {
        // A refused bundle names every reason (the message shows the first ten): one a line.
        let reasons = match &self.0 {
            walklog::Error::BundleRefused { reasons } => Some(reasons),
            _ => None,
        };
        let text = match (json, reasons) {
            (true, None) => serde_json::json!({ "code": self.code(), "message_zh": self.message_zh(), "field": self.field() }).to_string(),
            (true, Some(reasons)) => serde_json::json!({
                "code": self.code(), "message_zh": self.message_zh(), "field": self.field(), "reasons": reasons
            })
            .to_string(),
            (false, None) => format!("错误[{}]: {}", self.code(), self.message_zh()),
            (false, Some(reasons)) => {
                let mut text = format!("错误[{}]: 报送包未被接收，本机数据没有任何改动。原因：", self.code());
                for (i, r) in reasons.iter().enumerate() {
                    text.push_str(&format!("\n  {}. {r}", i + 1));
                }
                text
            }
        };
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }
}

/// What a command prints, and its exit code. A command may succeed in running yet report a
/// failure (a broken chain): then `problem` goes to stderr and the exit code is 1.
#[derive(Debug)]
pub struct Outcome {
    pub text: String,
    pub json: serde_json::Value,
    pub problem: Option<Failure>,
}

impl Outcome {
    /// The text people read and the value scripts read.
    pub fn new(text: String, value: &impl Serialize) -> Result<Outcome, Failure> {
        let json = serde_json::to_value(value).map_err(walklog::Error::from)?;
        Ok(Outcome { text, json, problem: None })
    }

    pub fn with_problem(mut self, problem: Option<Failure>) -> Outcome {
        self.problem = problem;
        self
    }

    pub fn print(self, json: bool) -> i32 {
        if json {
            let text = serde_json::to_string_pretty(&self.json).unwrap_or_else(|_| "null".into());
            print_out(&text);
        } else {
            print_out(&self.text);
        }
        match self.problem {
            Some(problem) => {
                problem.eprint(json);
                1
            }
            None => 0,
        }
    }
}

/// Writes to stdout; a closed pipe (`walklog tasks | head`) is not an error worth a panic.
pub fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    if !text.is_empty() && !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}
