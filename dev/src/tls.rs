//! TLS on the API's own port. Handlers call `https://${domainName}/${stage}` (domainName is
//! `127.0.0.1:PORT`), so the server must answer TLS there with a certificate they trust: a
//! certificate authority generated once per machine in the cache folder, whose file handlers
//! get through NODE_EXTRA_CA_CERTS, AWS_CA_BUNDLE and SSL_CERT_FILE, signs a fresh
//! certificate for 127.0.0.1 and localhost on every start.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use super::error::DevError;

const CA_NAME: &str = "cdk-from-rust dev local CA";

pub struct LocalCa {
    /// The CA certificate alone.
    pub ca_file: PathBuf,
    /// The system roots followed by the CA certificate.
    pub bundle_file: PathBuf,
    pub server_config: Arc<rustls::ServerConfig>,
}

fn ca_params() -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name.push(DnType::CommonName, CA_NAME);
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params
}

/// Loads the CA from `dir` (creating it on first use) and makes the server certificate.
pub fn load_or_create(dir: &Path) -> Result<LocalCa, DevError> {
    let fail = |message: String| DevError::Tls {
        dir: dir.to_path_buf(),
        message,
    };
    std::fs::create_dir_all(dir).map_err(|e| DevError::io(dir, e))?;
    let key_file = dir.join("ca-key.pem");
    let ca_file = dir.join("ca.pem");
    let ca_key = if key_file.is_file() && ca_file.is_file() {
        let pem = std::fs::read_to_string(&key_file).map_err(|e| DevError::io(&key_file, e))?;
        KeyPair::from_pem(&pem).map_err(|e| fail(format!("ca-key.pem: {e}")))?
    } else {
        let key = KeyPair::generate().map_err(|e| fail(e.to_string()))?;
        let cert = ca_params()
            .self_signed(&key)
            .map_err(|e| fail(e.to_string()))?;
        write_private(&key_file, &key.serialize_pem())?;
        std::fs::write(&ca_file, cert.pem()).map_err(|e| DevError::io(&ca_file, e))?;
        eprintln!("dev: created a local certificate authority in {} (handlers trust it; nothing else does)", dir.display());
        key
    };
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
    let issuer = Issuer::new(ca_params(), ca_key);
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

/// Writes the CA key readable by its owner only (on Windows, the user's profile folder's
/// permissions protect it).
fn write_private(path: &Path, text: &str) -> Result<(), DevError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| DevError::io(path, e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| DevError::io(path, e))
}
