//! 单位名录: the installs this one trusts. A unit joins by an enrolment file (its key and
//! claimed unit, signed by that key); the office approves it after comparing fingerprints by
//! phone, and sends its roster back as a file signed by the office key, which the unit pins on
//! first import. A later office key is accepted only with the old key's signature.

use super::keys;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::Store;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

const ENROLMENT: &str = "walklog-enrolment";
const ROSTER: &str = "walklog-roster";
const KEY_CHANGE: &str = "walklog-key-change";

/// One install in the roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterEntry {
    pub install_id: String,
    pub role: InstallRole,
    pub department_id: String,
    pub department_name: String,
    pub public_key: String,
    pub status: RosterStatus,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub enrolled_at: Timestamp,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub approved_at: Option<Timestamp>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub revoked_at: Option<Timestamp>,
    /// Filled when listed: the key's fingerprint.
    #[serde(default)]
    pub fingerprint: String,
}

/// The enrolment file a unit sends to the office.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    pub format: String,
    pub install_id: String,
    pub role: InstallRole,
    pub department: Department,
    pub public_key: String,
    #[serde(with = "crate::model::strict::timestamp")]
    pub created_at: Timestamp,
    /// The install's signature of the fields above (proves it holds the key).
    #[serde(default)]
    pub signature: String,
}

/// The roster file the office sends to units.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterFile {
    pub format: String,
    pub office_install_id: String,
    pub office_department: Department,
    pub office_key: String,
    /// When the office key changed: the old key's signature of the new key.
    #[serde(default)]
    pub key_change: Option<KeyChange>,
    pub members: Vec<RosterEntry>,
    #[serde(with = "crate::model::strict::timestamp")]
    pub issued_at: Timestamp,
    #[serde(default)]
    pub signature: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyChange {
    pub old_key: String,
    pub signature: String,
}

/// What importing a roster did: the office key now pinned, and whether it was new.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterImport {
    pub office_install_id: String,
    pub office_department: String,
    pub fingerprint: String,
    /// First import: the key was pinned now (compare the fingerprint with the office's).
    pub pinned_now: bool,
    pub key_changed: bool,
    pub members: u32,
}

fn unsigned_bytes<T: Serialize + Clone>(doc: &T, clear: impl FnOnce(&mut T)) -> Result<Vec<u8>> {
    let mut copy = doc.clone();
    clear(&mut copy);
    Ok(serde_json::to_vec(&copy)?)
}

fn bad_file(what: &str, why: impl std::fmt::Display) -> Error {
    Error::Import { location: what.to_string(), message: why.to_string() }
}

const ROSTER_COLS: &str =
    "install_id, role, department_id, department_name, public_key, status, enrolled_at, approved_at, revoked_at";

fn row(r: &rusqlite::Row) -> rusqlite::Result<RosterEntry> {
    let public_key: String = r.get(4)?;
    let opt = |i: usize| -> rusqlite::Result<Option<Timestamp>> {
        r.get::<_, Option<String>>(i)?.map(|t| crate::store::parse_ts(&t)).transpose()
    };
    Ok(RosterEntry {
        install_id: r.get(0)?,
        role: r.get(1)?,
        department_id: r.get(2)?,
        department_name: r.get(3)?,
        fingerprint: keys::fingerprint(&public_key),
        public_key,
        status: r.get(5)?,
        enrolled_at: crate::store::parse_ts(&r.get::<_, String>(6)?)?,
        approved_at: opt(7)?,
        revoked_at: opt(8)?,
    })
}

pub(crate) fn find(conn: &Connection, install_id: &str) -> Result<Option<RosterEntry>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {ROSTER_COLS} FROM roster WHERE install_id = ?1"))?
        .query_row([install_id], row)
        .optional()?)
}

impl Store {
    /// The enrolment file of this unit install, for the office.
    pub fn enrolment_export(&self) -> Result<Vec<u8>> {
        let identity = self.require_identity()?.clone();
        if identity.role != InstallRole::Unit {
            return Err(Error::Identity { message: "只有单位端需要向党建办登记".into() });
        }
        let key = self.signing_key()?;
        let mut doc = Enrolment {
            format: ENROLMENT.into(),
            install_id: identity.install_id.clone(),
            role: identity.role,
            department: self.department(&identity.department_id)?,
            public_key: identity.public_key.clone(),
            created_at: self.now(),
            signature: String::new(),
        };
        doc.signature = keys::sign(&key, ENROLMENT, &unsigned_bytes(&doc, |d| d.signature.clear())?);
        Ok(serde_json::to_vec_pretty(&doc)?)
    }

    fn require_office(&self) -> Result<crate::sync::Identity> {
        let identity = self.require_identity()?.clone();
        if identity.role != InstallRole::Office {
            return Err(Error::Authority { field: "role", message: "只有党建办端管理单位名录".into() });
        }
        Ok(identity)
    }

    /// The office reads a unit's enrolment file: the unit is listed 待批准 until someone has
    /// compared the fingerprint with the unit by phone and approves it.
    pub fn roster_enrol(&mut self, bytes: &[u8]) -> Result<RosterEntry> {
        let office = self.require_office()?;
        let doc: Enrolment =
            serde_json::from_slice(bytes).map_err(|e| bad_file("登记文件", format!("不是有效的登记文件（{e}）")))?;
        if doc.format != ENROLMENT {
            return Err(bad_file("format", "不是走流程纪实的登记文件"));
        }
        keys::check_public("public_key", &doc.public_key)?;
        crate::validate::check_id("install_id", &doc.install_id)?;
        if !keys::verify(&doc.public_key, ENROLMENT, &unsigned_bytes(&doc, |d| d.signature.clear())?, &doc.signature) {
            return Err(bad_file("signature", "登记文件的签名无效，文件可能被改动"));
        }
        if doc.install_id == office.install_id {
            return Err(bad_file("install_id", "这是本机自己的登记文件"));
        }
        crate::rules::check_title("department.name", &doc.department.name)?;
        // The file is signed by the unit's own key, so its claims are only the unit's word: it
        // may claim to be a unit, and a unit the office does not already know otherwise.
        if doc.role != InstallRole::Unit {
            return Err(Error::Authority { field: "role", message: "该登记文件声称是党建办端：只有单位端向党建办登记，不予登记".into() });
        }
        if super::authority::within(self.conn(), &office.department_id, &doc.department.id)? {
            return Err(Error::Authority {
                field: "department",
                message: "该登记文件声称属于本党建办所在的单位（或其上级），单位端不能绑定这样的单位，不予登记".into(),
            });
        }
        if let Ok(known) = self.department(&doc.department.id) {
            if known.name.trim() != doc.department.name.trim() {
                return Err(Error::Authority {
                    field: "department",
                    message: format!(
                        "登记文件中的单位“{}”与本机同一编号的单位“{}”不符，不予登记",
                        doc.department.name.trim(),
                        known.name
                    ),
                });
            }
        }
        if let Some(existing) = find(self.conn(), &doc.install_id)? {
            if existing.public_key != doc.public_key {
                return Err(Error::Authority {
                    field: "public_key",
                    message: format!("该安装（{}）已登记了另一个密钥，不能替换；如确需更换，请先吊销原登记", doc.install_id),
                });
            }
            return Ok(existing);
        }
        let now = self.now();
        self.write(|w| {
            w.tx.execute(
                &format!("INSERT INTO roster({ROSTER_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, NULL)"),
                rusqlite::params![
                    doc.install_id,
                    doc.role,
                    doc.department.id,
                    doc.department.name.trim(),
                    doc.public_key,
                    RosterStatus::Pending,
                    now.to_rfc3339()
                ],
            )?;
            Ok(())
        })?;
        find(self.conn(), &doc.install_id)?.ok_or_else(|| Error::not_found("roster", &doc.install_id))
    }

    /// Approves an enrolled install (after comparing its fingerprint).
    pub fn roster_approve(&mut self, install_id: &str) -> Result<RosterEntry> {
        self.set_roster_status(install_id, RosterStatus::Approved)
    }

    /// Revokes an install (a lost laptop): its later bundles are refused; what it sent stays.
    pub fn roster_revoke(&mut self, install_id: &str) -> Result<RosterEntry> {
        self.set_roster_status(install_id, RosterStatus::Revoked)
    }

    fn set_roster_status(&mut self, install_id: &str, status: RosterStatus) -> Result<RosterEntry> {
        self.require_office()?;
        let entry = find(self.conn(), install_id.trim())?.ok_or_else(|| Error::not_found("roster", install_id))?;
        if entry.status == RosterStatus::Revoked {
            return Err(Error::transition("该安装已被吊销，不能再批准或吊销；如需重新加入，请用新的安装登记"));
        }
        let now = self.now().to_rfc3339();
        let column = if status == RosterStatus::Approved { "approved_at" } else { "revoked_at" };
        self.write(|w| {
            w.tx.execute(
                &format!("UPDATE roster SET status = ?2, {column} = ?3 WHERE install_id = ?1"),
                rusqlite::params![entry.install_id, status, now],
            )?;
            Ok(())
        })?;
        find(self.conn(), &entry.install_id)?.ok_or_else(|| Error::not_found("roster", install_id))
    }

    /// Everyone in the roster, the office first on a unit.
    pub fn roster(&self) -> Result<Vec<RosterEntry>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {ROSTER_COLS} FROM roster ORDER BY status = 'pinned' DESC, department_name, install_id"
        ))?;
        let list = stmt.query_map([], row)?.collect::<rusqlite::Result<_>>()?;
        Ok(list)
    }

    /// An install of the roster as a person names it: its install id, or its unit's name (the
    /// exact name, or a part only one unit's name contains). When several installs share the
    /// name (a unit enrolled anew after a revocation), the one not revoked.
    pub fn roster_lookup(&self, key: &str) -> Result<RosterEntry> {
        let key = key.trim();
        let all = self.roster()?;
        if let Some(e) = all.iter().find(|e| e.install_id == key) {
            return Ok(e.clone());
        }
        let mut named: Vec<&RosterEntry> = all.iter().filter(|e| e.department_name == key).collect();
        if named.is_empty() && !key.is_empty() {
            named = all.iter().filter(|e| e.department_name.contains(key)).collect();
        }
        if named.len() > 1 {
            let live: Vec<&RosterEntry> = named.iter().copied().filter(|e| e.status != RosterStatus::Revoked).collect();
            if live.len() == 1 {
                named = live;
            }
        }
        match named.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(Error::invalid("install", format!("单位名录中没有“{key}”（可用安装编号或单位名称）"))),
            many => {
                let shown: Vec<String> =
                    many.iter().map(|e| format!("{}（{}，{}）", e.department_name, e.install_id, e.status.label_zh())).collect();
                Err(Error::Ambiguous { message: format!("“{key}”对应多台安装：{}，请用安装编号", shown.join("、")) })
            }
        }
    }

    /// The office's signed roster file for its units.
    pub fn roster_export(&self) -> Result<Vec<u8>> {
        let office = self.require_office()?;
        let key = self.signing_key()?;
        let key_change: Option<KeyChange> =
            self.setting("office_key_change")?.and_then(|t| serde_json::from_str(&t).ok());
        let mut doc = RosterFile {
            format: ROSTER.into(),
            office_install_id: office.install_id.clone(),
            office_department: self.department(&office.department_id)?,
            office_key: office.public_key.clone(),
            key_change,
            members: self.roster()?,
            issued_at: self.now(),
            signature: String::new(),
        };
        doc.signature = keys::sign(&key, ROSTER, &unsigned_bytes(&doc, |d| d.signature.clear())?);
        Ok(serde_json::to_vec_pretty(&doc)?)
    }

    /// A unit reads the office's roster file: pins the office key on the first import; later
    /// files must be signed by the pinned key, or carry the pinned key's signature of a new one.
    pub fn roster_import(&mut self, bytes: &[u8]) -> Result<RosterImport> {
        let me = self.require_identity()?.clone();
        if me.role != InstallRole::Unit {
            return Err(Error::Identity { message: "党建办端不导入单位名录文件；单位的登记文件请用“登记”导入".into() });
        }
        let doc: RosterFile =
            serde_json::from_slice(bytes).map_err(|e| bad_file("名录文件", format!("不是有效的单位名录文件（{e}）")))?;
        if doc.format != ROSTER {
            return Err(bad_file("format", "不是走流程纪实的单位名录文件"));
        }
        keys::check_public("office_key", &doc.office_key)?;
        if !keys::verify(&doc.office_key, ROSTER, &unsigned_bytes(&doc, |d| d.signature.clear())?, &doc.signature) {
            return Err(bad_file("signature", "单位名录文件的签名无效，文件可能被改动"));
        }
        let pinned = self.roster()?.into_iter().find(|e| e.status == RosterStatus::Pinned);
        let mut key_changed = false;
        if let Some(pinned) = &pinned {
            if pinned.install_id != doc.office_install_id {
                return Err(Error::Authority {
                    field: "office_install_id",
                    message: format!("该名录来自另一个党建办端（{}），本机已固定的党建办端是 {}", doc.office_install_id, pinned.install_id),
                });
            }
            if pinned.public_key != doc.office_key {
                let vouched = doc.key_change.as_ref().is_some_and(|k| {
                    k.old_key == pinned.public_key
                        && keys::verify(&pinned.public_key, KEY_CHANGE, doc.office_key.as_bytes(), &k.signature)
                });
                if !vouched {
                    return Err(Error::Authority {
                        field: "office_key",
                        message: format!(
                            "党建办端的密钥与本机已固定的不同（已固定指纹 {}，文件中 {}），且没有原密钥的签名，不予接受",
                            pinned.fingerprint,
                            keys::fingerprint(&doc.office_key)
                        ),
                    });
                }
                key_changed = true;
            }
        }
        let listed = doc.members.iter().find(|m| m.install_id == me.install_id);
        if let Some(m) = listed {
            if m.public_key != me.public_key {
                return Err(Error::Authority { field: "members", message: "名录中本机的密钥与本机不符，请联系党建办核对".into() });
            }
        }
        let now = self.now().to_rfc3339();
        self.write(|w| {
            w.tx.execute("DELETE FROM roster WHERE status = 'pinned'", [])?;
            w.tx.execute(
                &format!("INSERT INTO roster({ROSTER_COLS}) VALUES (?1, 'office', ?2, ?3, ?4, 'pinned', ?5, ?5, NULL)"),
                rusqlite::params![
                    doc.office_install_id,
                    doc.office_department.id,
                    doc.office_department.name,
                    doc.office_key,
                    now
                ],
            )?;
            Ok(())
        })?;
        Ok(RosterImport {
            office_install_id: doc.office_install_id,
            office_department: doc.office_department.name,
            fingerprint: keys::fingerprint(&doc.office_key),
            pinned_now: pinned.is_none(),
            key_changed,
            members: doc.members.len() as u32,
        })
    }

    /// The office replaces its key: the new key is vouched for by the old one, so units that
    /// pinned the old key accept the next roster file.
    pub fn rotate_office_key(&mut self) -> Result<crate::sync::IdentityView> {
        let office = self.require_office()?;
        let old = self.signing_key()?;
        let new = keys::generate();
        let new_public = keys::public_hex(&new);
        let change = KeyChange { old_key: office.public_key.clone(), signature: keys::sign(&old, KEY_CHANGE, new_public.as_bytes()) };
        let path = keys::key_path(self.path());
        let backup = crate::files::sibling(&path, &format!(".old-{}", self.now().format("%Y%m%d%H%M%S")));
        std::fs::copy(&path, &backup)?;
        keys::write_key(&path, &new, self.file_cipher())?;
        let change_text = serde_json::to_string(&change)?;
        self.set_setting("office_key_change", &change_text)?;
        self.write(|w| {
            w.tx.execute("UPDATE identity SET public_key = ?1", [&new_public])?;
            Ok(())
        })?;
        let identity = super::identity::load(self.conn())?;
        self.set_identity(identity);
        self.identity_view()?.ok_or_else(|| Error::Internal { message: "本机身份丢失".into() })
    }
}
