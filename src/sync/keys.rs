//! Ed25519 keys: this install's key file, signatures with a domain label (so a signature made
//! for one purpose never verifies for another), and fingerprints people compare by phone.

use crate::crypt::FileCipher;
use crate::error::{Error, Result};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The key file beside the database: `walklog.db` → `walklog.key`.
pub fn key_path(db: &Path) -> PathBuf {
    db.with_extension("key")
}

pub fn generate() -> SigningKey {
    SigningKey::generate(&mut rand::rngs::OsRng)
}

/// Writes the secret key readable by its owner only (mode 0600 on Unix from the first byte),
/// through a temporary file renamed into place, so a crash leaves the old key or the new one.
/// `cipher`: an encrypted store's, which seals the file like the attachments beside it.
pub fn write_key(path: &Path, key: &SigningKey, cipher: Option<&FileCipher>) -> Result<()> {
    use std::io::Write;
    let tmp = crate::files::sibling(path, ".part");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp)?;
    let text = zeroize::Zeroizing::new(hex::encode(key.to_bytes()));
    match cipher {
        Some(c) => file.write_all(&c.seal(text.as_bytes())?)?,
        None => file.write_all(text.as_bytes())?,
    }
    drop(file);
    crate::files::sync_and_rename(&tmp, path)
}

pub fn read_key(path: &Path, cipher: Option<&FileCipher>) -> Result<SigningKey> {
    let bytes = std::fs::read(path).map_err(|_| Error::Identity {
        message: format!("找不到本机密钥文件 {}，无法签名报送包（密钥随数据文件夹保存，请从备份恢复）", path.display()),
    })?;
    let damaged = || Error::Identity { message: format!("本机密钥文件 {} 已损坏或无法解密", path.display()) };
    let text = zeroize::Zeroizing::new(crate::crypt::open_file(cipher, bytes).ok_or_else(damaged)?);
    let text = std::str::from_utf8(&text).map_err(|_| damaged())?;
    let bytes: [u8; 32] = hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| Error::Identity { message: format!("本机密钥文件 {} 已损坏", path.display()) })?;
    Ok(SigningKey::from_bytes(&bytes))
}

pub fn public_hex(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().to_bytes())
}

fn verifying(public_hex: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(public_hex).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

fn message(domain: &str, bytes: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(domain.len() + 1 + bytes.len());
    m.extend_from_slice(domain.as_bytes());
    m.push(0);
    m.extend_from_slice(bytes);
    m
}

pub fn sign(key: &SigningKey, domain: &str, bytes: &[u8]) -> String {
    hex::encode(key.sign(&message(domain, bytes)).to_bytes())
}

/// True when `signature` is `public`'s signature of `bytes` for `domain` (strict verification:
/// no malleable or small-order forms).
pub fn verify(public_hex: &str, domain: &str, bytes: &[u8], signature_hex: &str) -> bool {
    let Some(key) = verifying(public_hex) else { return false };
    let Some(sig) = hex::decode(signature_hex).ok().and_then(|b| <[u8; 64]>::try_from(b).ok()) else { return false };
    key.verify_strict(&message(domain, bytes), &Signature::from_bytes(&sig)).is_ok()
}

/// A key's fingerprint, short enough to read aloud: the first 80 bits of its SHA-256 in five
/// groups of four hex digits, e.g. `3F2A-91BC-0D4E-7781-A0C2`.
pub fn fingerprint(public_hex: &str) -> String {
    let digest = hex::encode_upper(Sha256::digest(public_hex.as_bytes()));
    (0..5).map(|i| &digest[i * 4..i * 4 + 4]).collect::<Vec<_>>().join("-")
}

/// A public key as it appears in files: 64 hex digits of a valid Ed25519 point.
pub fn check_public(field: &'static str, public_hex: &str) -> Result<()> {
    if public_hex.len() == 64 && verifying(public_hex).is_some() {
        Ok(())
    } else {
        Err(Error::invalid(field, "公钥格式不正确"))
    }
}
