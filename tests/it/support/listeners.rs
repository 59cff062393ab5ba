//! Local loopback listeners that misbehave below HTTP, for the fault tests: a closed port, an https
//! server whose certificate no client trusts (self-signed, made here with rcgen), and a listener
//! whose accept backlog is full so a new connection hangs in SYN. Never binds or dials anything but
//! 127.0.0.1.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    port
}

/// An https listener with a self-signed certificate for `localhost` and 127.0.0.1. It counts the
/// handshakes that succeeded (a client that trusts the certificate would make one) in `handshakes`.
pub struct TlsServer {
    pub port: u16,
    pub handshakes: Arc<AtomicUsize>,
}

impl TlsServer {
    pub fn start() -> TlsServer {
        let cert = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
            .unwrap();
        let der = cert.cert.der().clone();
        let key = rustls_key(cert.signing_key.serialize_der());
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![der], key)
            .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let std_listener = TcpListener::bind("127.0.0.1:0").unwrap();
        std_listener.set_nonblocking(true).unwrap();
        let port = std_listener.local_addr().unwrap().port();
        let handshakes = Arc::new(AtomicUsize::new(0));
        let count = handshakes.clone();
        std::thread::spawn(move || {
            let rt = rt();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
                loop {
                    let Ok((sock, _)) = listener.accept().await else {
                        continue;
                    };
                    let acceptor = acceptor.clone();
                    let count = count.clone();
                    tokio::spawn(async move {
                        if acceptor.accept(sock).await.is_ok() {
                            count.fetch_add(1, Ordering::SeqCst);
                        }
                    });
                }
            });
        });
        TlsServer { port, handshakes }
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn rustls_key(der: Vec<u8>) -> tokio_rustls::rustls::pki_types::PrivateKeyDer<'static> {
    tokio_rustls::rustls::pki_types::PrivateKeyDer::Pkcs8(der.into())
}

/// A loopback listener that never accepts, with its queue filled: the kernel drops new SYNs, so a
/// connect to `port` waits until the client's connect timeout.
pub struct FullBacklog {
    pub port: u16,
    _listener: std::net::TcpListener,
    _fillers: Vec<TcpStream>,
}

impl FullBacklog {
    /// `None` when the kernel keeps accepting handshakes (then the test cannot be made here).
    pub fn start() -> Option<FullBacklog> {
        let rt = rt();
        let listener = rt.block_on(async {
            let s = tokio::net::TcpSocket::new_v4().unwrap();
            s.bind("127.0.0.1:0".parse().unwrap()).unwrap();
            s.listen(0).unwrap().into_std().unwrap()
        });
        let addr: SocketAddr = listener.local_addr().unwrap();
        let mut fillers = Vec::new();
        for _ in 0..16 {
            match TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
                Ok(s) => fillers.push(s),
                Err(_) => {
                    return Some(FullBacklog {
                        port: addr.port(),
                        _listener: listener,
                        _fillers: fillers,
                    });
                }
            }
        }
        None
    }
}
