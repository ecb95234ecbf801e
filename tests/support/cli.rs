//! One install driven through the built `walklog` binary: its own folder (the working
//! directory of its commands) and database (shared by the CLI tests of installs).
#![allow(dead_code)]

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// One install: its own folder (the working directory of its commands) and database.
pub struct Install {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub out: String,
    pub err: String,
}

impl Install {
    pub fn new() -> Install {
        Install { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("walklog.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn run(&self, json: bool, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_walklog"));
        cmd.current_dir(self.dir.path()).arg("--db").arg(self.db());
        if json {
            cmd.arg("--json");
        }
        let output = cmd.args(args).output().expect("run walklog");
        Run {
            code: output.status.code().unwrap_or(-1),
            out: String::from_utf8_lossy(&output.stdout).into_owned(),
            err: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// A command that must succeed; its JSON result.
    pub fn ok(&self, args: &[&str]) -> Value {
        let run = self.run(true, args);
        assert_eq!(run.code, 0, "walklog {args:?} failed:\n{}\n{}", run.out, run.err);
        serde_json::from_str(&run.out).unwrap_or_else(|e| panic!("walklog {args:?} printed no JSON ({e}):\n{}", run.out))
    }

    /// A command that must succeed; the Chinese text it prints.
    pub fn text(&self, args: &[&str]) -> String {
        let run = self.run(false, args);
        assert_eq!(run.code, 0, "walklog {args:?} failed:\n{}\n{}", run.out, run.err);
        run.out
    }

    /// A command the core must refuse with `code`; the JSON error.
    pub fn refused(&self, args: &[&str], code: &str) -> Value {
        let run = self.run(true, args);
        assert_eq!(run.code, 1, "walklog {args:?} should fail with {code}:\n{}\n{}", run.out, run.err);
        let err: Value = serde_json::from_str(run.err.trim()).unwrap_or_else(|e| panic!("no JSON error ({e}): {}", run.err));
        assert_eq!(err["code"], code, "walklog {args:?}: {err}");
        err
    }
}

pub fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

