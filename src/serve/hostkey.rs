//! The server's host key: made once in the data folder, private, and shown by its fingerprint
//! so that jurors can tell they reach this juri and no other.

use std::path::{Path, PathBuf};

use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{HashAlg, PrivateKey};

use crate::error::{Error, Msg, Result};
use crate::i18n::T;
use crate::store;

/// The host key's file in the data folder.
pub const FILE_NAME: &str = "ssh_host_ed25519_key";

pub fn path_in(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// The host key at `path`, made (Ed25519, written 0600 atomically, never through a link) when
/// it is not there yet. A key file others may read is refused, as OpenSSH does.
pub fn load_or_create(path: &Path) -> Result<PrivateKey> {
    if let Some(bytes) = store::read_private_small(path, 64 * 1024)? {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::symlink_metadata(path)
                .map_err(|e| Error::io("read", path, e))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                return Err(Error::rejected(Msg::new(
                    T::ServeKeyOpen,
                    &[&path.display(), &format!("{:o}", mode & 0o777)],
                )));
            }
        }
        return PrivateKey::from_openssh(&bytes)
            .map_err(|e| Error::rejected(Msg::new(T::ServeKeyBad, &[&path.display(), &e])));
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| Error::rejected(format!("no randomness for a host key: {e}")))?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| Error::rejected(format!("the host key could not be written: {e}")))?;
    store::write_private_atomic(path, text.as_bytes())?;
    Ok(key)
}

/// `SHA256:…`, as `ssh` shows it when it first meets the server.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_key_is_made_once_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_in(dir.path());
        let a = load_or_create(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let b = load_or_create(&path).unwrap();
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert!(fingerprint(&a).starts_with("SHA256:"));
    }

    #[cfg(unix)]
    #[test]
    fn a_host_key_is_never_written_through_a_link_nor_read_when_others_may() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        let path = path_in(dir.path());
        std::os::unix::fs::symlink(&target, &path).unwrap();
        assert!(load_or_create(&path).is_err());
        assert!(!target.exists(), "nothing written through the link");
        std::fs::remove_file(&path).unwrap();
        load_or_create(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = load_or_create(&path).unwrap_err().to_string();
        assert!(err.contains("may be read by others"), "{err}");
    }
}
