//! CPU seconds (user + system) from /proc (Linux; 100 ticks a second). Other builds share this
//! machine; CPU time shows what the work itself costs.

/// Fields of /proc/self/stat after the command name (in parentheses, and it may hold spaces).
fn stat_ticks(first: usize) -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let user: f64 = fields.get(first)?.parse().ok()?;
    let system: f64 = fields.get(first + 1)?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// This process (utime, stime).
#[allow(dead_code)]
pub fn cpu_seconds() -> Option<f64> {
    stat_ticks(11)
}

/// This process's children that have exited and been waited for (cutime, cstime).
#[allow(dead_code)]
pub fn children_cpu_seconds() -> Option<f64> {
    stat_ticks(13)
}
