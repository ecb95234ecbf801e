//! 本机身份: each install's id, role (单位端 or 党建办端), the unit it is bound to and its key,
//! set once on first start (the first-run screen, `walklog init`).

use super::keys;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::Store;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// The setting naming the current user (shared with the app and the CLI).
pub const CURRENT_USER_KEY: &str = "current_user_id";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Identity {
    pub install_id: String,
    pub role: InstallRole,
    /// The unit this install is bound to (with its sub-units); for the office, the city or district.
    pub department_id: String,
    /// Hex of the Ed25519 public key.
    pub public_key: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub created_at: Timestamp,
}

impl Identity {
    pub fn as_origin(&self) -> super::authority::Origin<'_> {
        super::authority::Origin { install_id: &self.install_id, role: self.role, department_id: &self.department_id }
    }
}

/// What 设置 → 本机身份 shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IdentityView {
    pub identity: Identity,
    pub department_name: String,
    /// Five groups of four hex digits, to compare by phone.
    pub fingerprint: String,
    pub key_file: String,
}

/// The first-run answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InitRequest {
    pub role: Option<InstallRole>,
    /// An existing unit to bind to, by id …
    #[serde(default)]
    pub department_id: Option<String>,
    /// … or a new one: its name and level.
    #[serde(default)]
    pub department_name: String,
    #[serde(default)]
    pub department_level: Option<DeptLevel>,
    /// Who uses this install (becomes the current user): an existing person …
    #[serde(default)]
    pub user_id: Option<String>,
    /// … or a new one in the bound unit: name, title and role.
    #[serde(default)]
    pub user_name: String,
    #[serde(default)]
    pub user_title: String,
    #[serde(default)]
    pub user_role: Option<Role>,
}

pub(crate) fn load(conn: &Connection) -> Result<Option<Identity>> {
    let row = conn
        .query_row("SELECT install_id, role, department_id, public_key, created_at FROM identity LIMIT 1", [], |r| {
            Ok(Identity {
                install_id: r.get(0)?,
                role: r.get(1)?,
                department_id: r.get(2)?,
                public_key: r.get(3)?,
                created_at: crate::store::parse_ts(&r.get::<_, String>(4)?)?,
            })
        })
        .optional()?;
    Ok(row)
}

impl Store {
    /// Sets this install up once: binds it to a unit (creating the unit if asked), makes its key
    /// pair, and makes the user the current user. Refused when already set up.
    pub fn init_identity(&mut self, req: &InitRequest) -> Result<IdentityView> {
        if self.identity().is_some() {
            return Err(Error::Identity { message: "本机身份已设置，不能重新设置（如需更换，请新建数据文件夹）".into() });
        }
        let role = req.role.ok_or_else(|| Error::invalid("role", "请选择本机是单位端还是党建办端"))?;
        let department = match req.department_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) => self.department(id)?,
            None => {
                let level = req.department_level.unwrap_or(match role {
                    InstallRole::Unit => DeptLevel::CityDepartment,
                    InstallRole::Office => DeptLevel::District,
                });
                self.save_department(Department {
                    id: String::new(),
                    name: req.department_name.clone(),
                    level,
                    parent_id: None,
                })?
            }
        };
        let user = match req.user_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) => Some(self.person(id)?),
            None if !req.user_name.trim().is_empty() => Some(self.save_person(Person {
                id: String::new(),
                name: req.user_name.clone(),
                title: req.user_title.clone(),
                role: req.user_role.unwrap_or(match role {
                    InstallRole::Unit => Role::Head,
                    InstallRole::Office => Role::Office,
                }),
                department_id: department.id.clone(),
            })?),
            None => None,
        };
        if let Some(user) = &user {
            self.set_setting(CURRENT_USER_KEY, &user.id)?;
        }
        let key = keys::generate();
        let key_path = keys::key_path(self.path());
        if key_path.exists() {
            return Err(Error::Identity {
                message: format!("密钥文件 {} 已存在但本机身份未设置，请检查数据文件夹", key_path.display()),
            });
        }
        keys::write_key(&key_path, &key, self.file_cipher())?;
        let identity = Identity {
            install_id: self.install_id().to_string(),
            role,
            department_id: department.id.clone(),
            public_key: keys::public_hex(&key),
            created_at: self.now(),
        };
        let result = self.write(|w| {
            w.tx.execute(
                "INSERT INTO identity(install_id, role, department_id, public_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![
                    identity.install_id,
                    identity.role,
                    identity.department_id,
                    identity.public_key,
                    identity.created_at.to_rfc3339()
                ],
            )?;
            Ok(())
        });
        if let Err(e) = result {
            // The key is useless without its identity row: leave no half set-up behind.
            let _ = std::fs::remove_file(&key_path);
            return Err(e);
        }
        self.set_identity(Some(identity));
        self.identity_view()?.ok_or_else(|| Error::Internal { message: "设置身份后未能读回本机身份".into() })
    }

    /// 本机身份 as 设置 shows it; `None` before the first-run screen.
    pub fn identity_view(&self) -> Result<Option<IdentityView>> {
        let Some(identity) = self.identity().cloned() else { return Ok(None) };
        let department_name = self.department(&identity.department_id).map(|d| d.name).unwrap_or_default();
        Ok(Some(IdentityView {
            fingerprint: keys::fingerprint(&identity.public_key),
            key_file: keys::key_path(self.path()).display().to_string(),
            department_name,
            identity,
        }))
    }

    /// This install's identity, or the error that says to set it up first.
    pub fn require_identity(&self) -> Result<&Identity> {
        self.identity().ok_or_else(|| Error::Identity {
            message: "本机尚未设置身份（单位端或党建办端），请先完成首次设置（walklog init）".into(),
        })
    }

    /// The signing key, checked against the identity it belongs to.
    pub(crate) fn signing_key(&self) -> Result<ed25519_dalek::SigningKey> {
        let identity = self.require_identity()?;
        let key = keys::read_key(&keys::key_path(self.path()), self.file_cipher())?;
        if keys::public_hex(&key) != identity.public_key {
            return Err(Error::Identity { message: "本机密钥文件与本机身份不符，不能签名（请从备份恢复密钥文件）".into() });
        }
        Ok(key)
    }
}
