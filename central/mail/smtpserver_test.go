package mail_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// smtpServer is a small SMTP server on 127.0.0.1 speaking enough of the
// protocol (EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, QUIT) to check
// what a client really sends.
type smtpServer struct {
	ln        net.Listener
	tls       *tls.Config // non-nil: STARTTLS is offered
	mu        sync.Mutex
	received  []received
	commands  []string // every command line, AUTH lines with the TLS state
	authInTLS []bool
}

type received struct {
	from string
	to   []string
	data string
	tls  bool
}

func newSMTPServer(t *testing.T, tlsConfig *tls.Config) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln, tls: tlsConfig}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *smtpServer) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *smtpServer) snapshot() ([]received, []string, []bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.received...), append([]string(nil), s.commands...), append([]bool(nil), s.authInTLS...)
}

func (s *smtpServer) serve(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	r, w := bufio.NewReader(conn), bufio.NewWriter(conn)
	say := func(line string) { w.WriteString(line + "\r\n"); w.Flush() }
	say("220 test.invalid ESMTP")
	secure := false
	var cur received
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		s.mu.Lock()
		s.commands = append(s.commands, verb)
		s.mu.Unlock()
		switch {
		case verb == "EHLO" || verb == "HELO":
			if s.tls != nil && !secure {
				say("250-test.invalid")
				say("250-STARTTLS")
			} else {
				say("250-test.invalid")
			}
			say("250 AUTH PLAIN")
		case verb == "STARTTLS" && s.tls != nil && !secure:
			say("220 go ahead")
			tc := tls.Server(conn, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			secure = true
			r, w = bufio.NewReader(tc), bufio.NewWriter(tc)
		case verb == "AUTH":
			s.mu.Lock()
			s.authInTLS = append(s.authInTLS, secure)
			s.mu.Unlock()
			fields := strings.Fields(line)
			creds, _ := base64.StdEncoding.DecodeString(fields[len(fields)-1])
			if string(creds) == "\x00mailer\x00s3cret" {
				say("235 ok")
			} else {
				say("535 bad credentials")
			}
		case verb == "MAIL":
			cur = received{from: between(line), tls: secure}
			say("250 ok")
		case verb == "RCPT" && strings.HasPrefix(between(line), "nobody@"):
			say("550 no such user")
		case verb == "RCPT":
			cur.to = append(cur.to, between(line))
			say("250 ok")
		case verb == "DATA":
			say("354 end with .")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			cur.data = b.String()
			s.mu.Lock()
			s.received = append(s.received, cur)
			s.mu.Unlock()
			say("250 queued")
		case verb == "QUIT":
			say("221 bye")
			return
		default:
			say("502 not implemented")
		}
	}
}

func between(line string) string {
	i, j := strings.IndexByte(line, '<'), strings.IndexByte(line, '>')
	if i < 0 || j < i {
		return ""
	}
	return line[i+1 : j]
}

// selfSigned is a certificate for 127.0.0.1 and the pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test smtp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
