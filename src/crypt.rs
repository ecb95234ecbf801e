//! 数据加密 (data encrypted at rest): the password's key, and the cipher of the files beside the
//! database.
//!
//! - The database is a SQLCipher file. Its key is argon2id(password, salt). The salt is the
//!   file's own first 16 bytes, which SQLCipher keeps in clear for its own use. We choose it when
//!   the file is made (the `x'key‖salt'` raw-key form), so an encrypted database carries
//!   everything the key needs: no side file to lose, and a backup made with the same key opens
//!   with the same password.
//! - Attachments and the install's signing key are sealed with XChaCha20-Poly1305 under a random
//!   file key kept *inside* the encrypted database. A password change re-keys the database alone,
//!   so a crash during it can never leave files under a key nobody has.
//! - Nothing here can recover a lost password: that is the point, and the screen says so.

use crate::error::{Error, Result};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rusqlite::Connection;
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// Fewer characters than this is a password a thief guesses.
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// argon2id costs (OWASP's recommended minimum: 19 MiB, 2 passes). Fixed, because the file
/// stores no parameters; a change needs a new format, not a new constant.
const ARGON_MEMORY_KIB: u32 = 19_456;
const ARGON_PASSES: u32 = 2;
const SALT_LEN: usize = 16;

/// What every plain SQLite file starts with. A file without it is taken to be an encrypted
/// database (whose first bytes are a random salt) when it is whole pages long: any other file
/// (a text file chosen by mistake) is simply not a database.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The settings row that holds the file key (inside the encrypted database only).
pub(crate) const FILE_KEY_SETTING: &str = "file_key";
/// Set once every file beside the database is sealed; cleared while that is under way.
pub(crate) const FILES_SEALED_SETTING: &str = "files_sealed";

/// Whether the file at `path` is an encrypted database (false for a missing or empty file,
/// which opens as a new plain database).
pub fn is_encrypted(path: &Path) -> Result<bool> {
    let mut head = [0u8; 16];
    let len = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    if len < 1024 || len % 512 != 0 {
        return Ok(false);
    }
    let mut file = std::fs::File::open(path)?;
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..])? {
            0 => break,
            n => read += n,
        }
    }
    Ok(read == head.len() && &head != SQLITE_HEADER)
}

/// Checks a new password against the rules (length only: the office decides the rest).
pub fn check_new_password(field: &'static str, password: &str) -> Result<()> {
    let chars = password.chars().count();
    if password.trim().is_empty() {
        return Err(Error::invalid(field, "请输入密码"));
    }
    if chars < PASSWORD_MIN_CHARS {
        return Err(Error::invalid(field, format!("密码至少 {PASSWORD_MIN_CHARS} 个字符")));
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(Error::invalid(field, format!("密码不能超过 {PASSWORD_MAX_CHARS} 个字符")));
    }
    if password.chars().any(char::is_control) {
        return Err(Error::invalid(field, "密码不能含有控制字符"));
    }
    Ok(())
}

/// The database key: argon2id of the password with the database's salt.
#[derive(Clone)]
pub(crate) struct DbKey {
    key: Zeroizing<[u8; 32]>,
    salt: [u8; SALT_LEN],
}

impl DbKey {
    /// A key with a fresh salt, for a database about to be encrypted.
    pub(crate) fn new(password: &str) -> Result<DbKey> {
        let mut salt = [0u8; SALT_LEN];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        DbKey::with_salt(password, salt)
    }

    /// The key of the encrypted database at `path`, from its salt.
    pub(crate) fn for_file(path: &Path, password: &str) -> Result<DbKey> {
        DbKey::with_salt(password, DbKey::salt_of(path)?)
    }

    /// The salt an encrypted database keeps in its first bytes.
    pub(crate) fn salt_of(path: &Path) -> Result<[u8; SALT_LEN]> {
        let mut salt = [0u8; SALT_LEN];
        std::fs::File::open(path)?.read_exact(&mut salt)?;
        Ok(salt)
    }

    /// The same password's key for this key's database (checking an old password).
    pub(crate) fn same_salt(&self, password: &str) -> Result<DbKey> {
        DbKey::with_salt(password, self.salt)
    }

    fn with_salt(password: &str, salt: [u8; SALT_LEN]) -> Result<DbKey> {
        if password.is_empty() {
            return Err(Error::invalid("password", "请输入密码"));
        }
        let params = argon2::Params::new(ARGON_MEMORY_KIB, ARGON_PASSES, 1, Some(32))
            .map_err(|e| Error::Internal { message: format!("密钥参数无效：{e}") })?;
        let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut key = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(password.as_bytes(), &salt, key.as_mut())
            .map_err(|e| Error::Internal { message: format!("密钥计算失败：{e}") })?;
        Ok(DbKey { key, salt })
    }

    /// SQLCipher's raw-key form with the salt: `x'<key><salt>'` (no PBKDF2 of its own).
    pub(crate) fn sql_value(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}{}'", hex::encode(self.key.as_ref()), hex::encode(self.salt)))
    }

    /// The key alone, for `PRAGMA rekey` (the salt stays the file's).
    fn sql_key_only(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.key.as_ref())))
    }

    /// Keys a connection that has run nothing yet, and proves the key reads the file: a wrong
    /// password fails here, before anything is written.
    pub(crate) fn unlock(&self, conn: &Connection) -> Result<()> {
        conn.pragma_update(None, "key", self.sql_value().as_str())?;
        // SQLCipher logs a failed page check to stderr; the error is ours to report, in Chinese.
        // After the key: keying first activates SQLCipher, which sets its default level then.
        conn.execute_batch("PRAGMA cipher_log_level = NONE")?;
        match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
            Ok(_) => Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::NotADatabase => {
                Err(Error::WrongPassword)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Re-encrypts the open database under this key, in one transaction of SQLCipher's.
    pub(crate) fn rekey_raw(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.pragma_update(None, "rekey", self.sql_key_only().as_str())
    }

    /// Constant-time comparison, so checking an old password leaks nothing through timing.
    pub(crate) fn same_as(&self, other: &DbKey) -> bool {
        let diff = self.key.iter().zip(other.key.iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b));
        diff == 0 && self.salt == other.salt
    }

    pub(crate) fn salt(&self) -> [u8; SALT_LEN] {
        self.salt
    }
}

/// The first bytes of a sealed file: a name and a format version.
const SEALED_MAGIC: &[u8; 8] = b"WLSEAL1\n";
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// The cipher of the files beside an encrypted database (attachments, the signing key). Opaque
/// outside the core: front ends only pass it on (a report's photos).
#[derive(Clone)]
pub struct FileCipher {
    key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for FileCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FileCipher(..)")
    }
}

impl FileCipher {
    pub(crate) fn generate() -> FileCipher {
        let mut key = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(key.as_mut());
        FileCipher { key }
    }

    pub(crate) fn from_hex(text: &str) -> Result<FileCipher> {
        let bytes = Zeroizing::new(hex::decode(text.trim()).unwrap_or_default());
        let key: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| Error::Internal { message: "数据库中的附件密钥已损坏，无法读取附件".into() })?;
        Ok(FileCipher { key: Zeroizing::new(key) })
    }

    pub(crate) fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.key.as_ref()))
    }

    fn aead(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(Key::from_slice(self.key.as_ref()))
    }

    /// magic ‖ nonce ‖ ciphertext-and-tag; the magic is bound in as associated data.
    pub(crate) fn seal(&self, plain: &[u8]) -> Result<Vec<u8>> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .aead()
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad: SEALED_MAGIC })
            .map_err(|_| Error::Internal { message: "附件加密失败".into() })?;
        let mut out = Vec::with_capacity(SEALED_MAGIC.len() + NONCE_LEN + sealed.len());
        out.extend_from_slice(SEALED_MAGIC);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The plain bytes of a sealed file; `None` when it was changed or sealed under another key.
    pub(crate) fn open(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        let body = bytes.strip_prefix(SEALED_MAGIC)?;
        if body.len() < NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = body.split_at(NONCE_LEN);
        self.aead().decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad: SEALED_MAGIC }).ok()
    }
}

/// The plain size of a stored file from its first bytes and its length: a sealed file is its
/// plain bytes plus a fixed overhead (magic, nonce, tag), so nothing needs decrypting.
pub(crate) fn plain_size(path: &Path) -> std::io::Result<u64> {
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let mut head = [0u8; SEALED_MAGIC.len()];
    let sealed = file.read_exact(&mut head).is_ok() && &head == SEALED_MAGIC;
    Ok(if sealed { len.saturating_sub((SEALED_MAGIC.len() + NONCE_LEN + TAG_LEN) as u64) } else { len })
}

/// A stored file's plain bytes: opened with `cipher` when sealed, as they are when plain (a
/// store being encrypted, or never encrypted). None: sealed, and no key here opens it.
pub(crate) fn open_file(cipher: Option<&FileCipher>, bytes: Vec<u8>) -> Option<Vec<u8>> {
    if is_sealed(&bytes) {
        cipher?.open(&bytes)
    } else {
        Some(bytes)
    }
}

/// Whether these bytes are a sealed file (as opposed to a plain one of an unencrypted store).
pub(crate) fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(SEALED_MAGIC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_files_open_only_with_their_key_and_unchanged() {
        let cipher = FileCipher::generate();
        let sealed = cipher.seal("现场照片".as_bytes()).unwrap();
        assert!(is_sealed(&sealed));
        assert!(!sealed.windows(4).any(|w| w == "现场".as_bytes().get(..4).unwrap()));
        assert_eq!(cipher.open(&sealed).unwrap(), "现场照片".as_bytes());
        assert!(FileCipher::generate().open(&sealed).is_none(), "another key opens nothing");
        let mut changed = sealed.clone();
        let last = changed.len() - 1;
        changed[last] ^= 1;
        assert!(cipher.open(&changed).is_none(), "a changed byte is refused");
        assert!(cipher.open(&sealed[..20]).is_none(), "a cut file is refused");
        let again = FileCipher::from_hex(&cipher.to_hex()).unwrap();
        assert_eq!(again.open(&sealed).unwrap(), "现场照片".as_bytes());
        let dir = tempfile::tempdir().unwrap();
        let (sealed_file, plain_file) = (dir.path().join("sealed"), dir.path().join("plain"));
        std::fs::write(&sealed_file, &sealed).unwrap();
        std::fs::write(&plain_file, "现场照片").unwrap();
        assert_eq!(plain_size(&sealed_file).unwrap(), "现场照片".len() as u64, "the plain size without decrypting");
        assert_eq!(plain_size(&plain_file).unwrap(), "现场照片".len() as u64);
    }

    #[test]
    fn keys_depend_on_password_and_salt() {
        let a = DbKey::new("正确的密码123").unwrap();
        assert!(a.same_as(&a.same_salt("正确的密码123").unwrap()));
        assert!(!a.same_as(&a.same_salt("错误的密码123").unwrap()));
        assert!(!a.same_as(&DbKey::new("正确的密码123").unwrap()), "a new salt makes a new key");
        assert_eq!(a.sql_value().len(), 2 + 64 + 32 + 1);
    }

    #[test]
    fn new_passwords_are_checked() {
        assert_eq!(check_new_password("password", "").unwrap_err().field(), Some("password"));
        assert!(check_new_password("password", "short").is_err());
        assert!(check_new_password("password", &"长".repeat(129)).is_err());
        assert!(check_new_password("password", "含有\u{7}控制符的密码").is_err());
        assert!(check_new_password("password", "八个字符的密码啊").is_ok());
    }
}
