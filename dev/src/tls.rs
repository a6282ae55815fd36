//! TLS on the API's own port. Handlers call `https://${domainName}/${stage}` (domainName is
//! `127.0.0.1:PORT`), so the server must answer TLS there with a certificate they trust: a
//! certificate authority generated once per machine in the cache folder, whose file handlers
//! get through NODE_EXTRA_CA_CERTS, AWS_CA_BUNDLE and SSL_CERT_FILE, signs a fresh
//! certificate for 127.0.0.1 and localhost on every start. The CA is name-constrained to
//! loopback and valid for a few years, so that importing it into a browser (the only way a
//! browser accepts `wss://` to `dev`) trusts nothing but loopback; a stored CA that is not so
//! (made by an older `dev`, expired, or not matching its key) is replaced, which is said once.

use std::net::Ipv6Addr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CidrSubnet, DnType, ExtendedKeyUsagePurpose,
    GeneralSubtree, IsCa, Issuer, KeyPair, KeyUsagePurpose, NameConstraints,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use time::{Duration, OffsetDateTime};
use x509_parser::extensions::GeneralName;

use super::error::DevError;

const CA_NAME: &str = "cdk-from-rust dev local CA";
/// A few years: long enough not to ask for a new import often, short enough that a key
/// copied off a machine stops mattering by itself. An expired CA is replaced.
const CA_DAYS: i64 = 3 * 365;
/// The server certificate is made anew on every start; 397 days is within what every browser
/// accepts for a server certificate (398 for public CAs, 825 for locally trusted ones).
const LEAF_DAYS: i64 = 397;

pub struct LocalCa {
    /// The CA certificate alone.
    pub ca_file: PathBuf,
    /// The system roots followed by the CA certificate.
    pub bundle_file: PathBuf,
    pub server_config: Arc<rustls::ServerConfig>,
}

/// The only names the CA may vouch for (X.509 name constraints, marked critical): loopback.
/// Even in a trust store, it cannot vouch for any other site, whoever holds its key.
fn permitted() -> Vec<GeneralSubtree> {
    vec![
        GeneralSubtree::IpAddress(CidrSubnet::from_v4_prefix([127, 0, 0, 0], 8)),
        GeneralSubtree::IpAddress(CidrSubnet::from_addr_prefix(
            Ipv6Addr::LOCALHOST.into(),
            128,
        )),
        GeneralSubtree::DnsName("localhost".into()),
    ]
}

fn ca_params(now: OffsetDateTime) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name.push(DnType::CommonName, CA_NAME);
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params.name_constraints = Some(NameConstraints {
        permitted_subtrees: permitted(),
        excluded_subtrees: Vec::new(),
    });
    // A day back: a clock slightly behind still accepts it.
    params.not_before = now - Duration::days(1);
    params.not_after = now + Duration::days(CA_DAYS);
    params
}

/// What [`stored_ca`] found in the cache.
#[derive(Debug, PartialEq)]
enum Stored {
    Kept,
    Created,
    /// An older or broken CA was replaced; why it was not kept.
    Replaced(String),
}

/// The CA's key and end of validity: the stored one when it is as [`ca_params`] makes it,
/// else a new one written over it.
fn stored_ca(
    dir: &Path,
    now: OffsetDateTime,
) -> Result<(KeyPair, OffsetDateTime, Stored), DevError> {
    let key_file = dir.join("ca-key.pem");
    let ca_file = dir.join("ca.pem");
    let found = match (
        std::fs::read_to_string(&key_file),
        std::fs::read_to_string(&ca_file),
    ) {
        (Ok(key), Ok(cert)) => KeyPair::from_pem(&key)
            .map_err(|e| format!("has a ca-key.pem that cannot be read ({e})"))
            .and_then(|key| check(&cert, &key, now).map(|not_after| (key, not_after))),
        _ => return create(dir, now).map(|(key, not_after)| (key, not_after, Stored::Created)),
    };
    match found {
        Ok((key, not_after)) => Ok((key, not_after, Stored::Kept)),
        Err(why) => {
            create(dir, now).map(|(key, not_after)| (key, not_after, Stored::Replaced(why)))
        }
    }
}

/// Makes a new CA in `dir`: its key (readable by its owner only) and its certificate.
fn create(dir: &Path, now: OffsetDateTime) -> Result<(KeyPair, OffsetDateTime), DevError> {
    let fail = |message: String| DevError::Tls {
        dir: dir.to_path_buf(),
        message,
    };
    let key = KeyPair::generate().map_err(|e| fail(e.to_string()))?;
    let params = ca_params(now);
    let not_after = params.not_after;
    let cert = params.self_signed(&key).map_err(|e| fail(e.to_string()))?;
    write_private(&dir.join("ca-key.pem"), &key.serialize_pem())?;
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, cert.pem()).map_err(|e| DevError::io(&ca_file, e))?;
    Ok((key, not_after))
}

/// Loads the CA from `dir` (creating it on first use, replacing one that is not as
/// [`ca_params`] makes it, which is said once) and makes the server certificate.
pub fn load_or_create(dir: &Path) -> Result<LocalCa, DevError> {
    let fail = |message: String| DevError::Tls {
        dir: dir.to_path_buf(),
        message,
    };
    std::fs::create_dir_all(dir).map_err(|e| DevError::io(dir, e))?;
    let ca_file = dir.join("ca.pem");
    let now = OffsetDateTime::now_utc();
    let (ca_key, ca_not_after, stored) = stored_ca(dir, now)?;
    match stored {
        Stored::Kept => {}
        Stored::Created => eprintln!("dev: created a local certificate authority in {} (handlers trust it; it can vouch only for 127.0.0.0/8, ::1 and localhost)", dir.display()),
        Stored::Replaced(why) => eprintln!("dev: replaced the local certificate authority in {}: the old one {why}; if you trusted the old one in a browser or system store, remove it there (and import the new ca.pem for wss:// in a browser)", dir.display()),
    }
    let ca_pem = std::fs::read_to_string(&ca_file).map_err(|e| DevError::io(&ca_file, e))?;
    let bundle_file = dir.join("bundle.pem");
    let system = [
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/ssl/cert.pem",
    ]
    .iter()
    .find_map(|p| std::fs::read_to_string(p).ok())
    .unwrap_or_default();
    std::fs::write(&bundle_file, format!("{system}\n{ca_pem}"))
        .map_err(|e| DevError::io(&bundle_file, e))?;

    // Signing needs only the CA's name and key, which are the ones in ca.pem.
    let issuer = Issuer::new(ca_params(now), ca_key);
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
        .map_err(|e| fail(e.to_string()))?;
    params
        .distinguished_name
        .push(DnType::CommonName, "127.0.0.1");
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.not_before = now - Duration::days(1);
    params.not_after = (now + Duration::days(LEAF_DAYS)).min(ca_not_after);
    let server_key = KeyPair::generate().map_err(|e| fail(e.to_string()))?;
    let server_cert = params
        .signed_by(&server_key, &issuer)
        .map_err(|e| fail(e.to_string()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| fail(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(server_cert.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
        )
        .map_err(|e| fail(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(LocalCa {
        ca_file,
        bundle_file,
        server_config: Arc::new(config),
    })
}

/// Whether a stored CA is one this `dev` would make, and for how long it is valid; otherwise
/// why not (older `dev` versions made CAs without name constraints, valid 1975 to 4096).
fn check(cert_pem: &str, key: &KeyPair, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
    let unreadable = |e: String| format!("could not be read ({e})");
    let (_, pem) = x509_parser::pem::parse_x509_pem(cert_pem.as_bytes())
        .map_err(|e| unreadable(e.to_string()))?;
    let cert = pem.parse_x509().map_err(|e| unreadable(e.to_string()))?;
    if *cert.public_key().subject_public_key.data != *key.public_key_raw() {
        return Err("is not the certificate of ca-key.pem".into());
    }
    let Ok(Some(constraints)) = cert.name_constraints() else {
        return Err("has no name constraints (it could vouch for any site)".into());
    };
    let names: Vec<_> = constraints
        .value
        .permitted_subtrees
        .iter()
        .flatten()
        .map(|s| &s.base)
        .collect();
    // `::1/128` as a name constraint encodes it: the address, then the mask.
    let v6: Vec<u8> = Ipv6Addr::LOCALHOST
        .octets()
        .into_iter()
        .chain([0xff; 16])
        .collect();
    let loopback = [
        &GeneralName::IPAddress(&[127, 0, 0, 0, 255, 0, 0, 0]),
        &GeneralName::IPAddress(&v6),
        &GeneralName::DNSName("localhost"),
    ];
    if !constraints.critical || constraints.value.excluded_subtrees.is_some() || names != loopback {
        return Err("has name constraints other than 127.0.0.0/8, ::1 and localhost".into());
    }
    let not_after = OffsetDateTime::from_unix_timestamp(cert.validity().not_after.timestamp())
        .map_err(|e| unreadable(e.to_string()))?;
    let not_before = OffsetDateTime::from_unix_timestamp(cert.validity().not_before.timestamp())
        .map_err(|e| unreadable(e.to_string()))?;
    if not_after - not_before > Duration::days(CA_DAYS + 1) {
        return Err(format!(
            "is valid for {} years",
            (not_after - not_before).whole_days() / 365
        ));
    }
    // A day left at least: the server certificate made from it must outlive a working day.
    if not_after < now + Duration::days(1) {
        return Err(format!("expires on {}", not_after.date()));
    }
    Ok(not_after)
}

/// Writes the CA key readable by its owner only.
fn write_private(path: &Path, text: &str) -> Result<(), DevError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| DevError::io(path, e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| DevError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dev-tls-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    /// A CA as `dev` made them before name constraints: rcgen's defaults, valid 1975 to 4096.
    fn write_old_ca(dir: &Path) {
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CommonName, CA_NAME);
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        let key = KeyPair::generate().expect("key");
        let cert = params.self_signed(&key).expect("self-signed");
        std::fs::write(dir.join("ca-key.pem"), key.serialize_pem()).expect("key written");
        std::fs::write(dir.join("ca.pem"), cert.pem()).expect("cert written");
    }

    #[test]
    fn an_unconstrained_ca_is_replaced_once_and_the_new_one_kept() {
        let dir = temp_dir("old");
        write_old_ca(&dir);
        let old = std::fs::read_to_string(dir.join("ca.pem")).expect("old");
        let now = OffsetDateTime::now_utc();
        let (_, not_after, stored) = stored_ca(&dir, now).expect("replaced");
        let Stored::Replaced(why) = stored else {
            panic!("kept {old}");
        };
        assert_eq!(why, "has no name constraints (it could vouch for any site)");
        let new = std::fs::read_to_string(dir.join("ca.pem")).expect("new");
        assert_ne!(new, old);
        let days = (not_after - now).whole_days();
        assert!((CA_DAYS - 1..=CA_DAYS).contains(&days), "{days} days");
        // The next start keeps it, so that the replacement is said once.
        let (_, _, stored) = stored_ca(&dir, now).expect("kept");
        assert_eq!(stored, Stored::Kept);
        assert_eq!(
            std::fs::read_to_string(dir.join("ca.pem")).expect("same"),
            new
        );
        std::fs::remove_dir_all(&dir).expect("cleaned");
    }

    #[test]
    fn a_ca_that_expires_or_does_not_match_its_key_is_replaced() {
        let dir = temp_dir("stale");
        let now = OffsetDateTime::now_utc();
        assert_eq!(stored_ca(&dir, now).expect("created").2, Stored::Created);
        let later = now + Duration::days(CA_DAYS);
        let Stored::Replaced(why) = stored_ca(&dir, later).expect("renewed").2 else {
            panic!("an expiring CA was kept");
        };
        assert!(why.starts_with("expires on "), "{why}");
        let other = KeyPair::generate().expect("key");
        std::fs::write(dir.join("ca-key.pem"), other.serialize_pem()).expect("key written");
        let Stored::Replaced(why) = stored_ca(&dir, now).expect("replaced").2 else {
            panic!("a CA with another key was kept");
        };
        assert_eq!(why, "is not the certificate of ca-key.pem");
        std::fs::remove_dir_all(&dir).expect("cleaned");
    }

    #[test]
    fn a_new_ca_carries_critical_name_constraints() {
        let dir = temp_dir("leaf");
        let ca = load_or_create(&dir).expect("loaded");
        assert!(ca.ca_file.is_file() && ca.bundle_file.is_file());
        let pem = std::fs::read_to_string(&ca.ca_file).expect("ca.pem");
        let (_, pem) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).expect("pem");
        let cert = pem.parse_x509().expect("x509");
        let constraints = cert.name_constraints().expect("parsed").expect("present");
        assert!(constraints.critical);
        std::fs::remove_dir_all(&dir).expect("cleaned");
    }
}
