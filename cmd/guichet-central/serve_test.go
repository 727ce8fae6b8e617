package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/internal/docstore"
	"github.com/cnops/guichet/sync/wire"
)

// serving is `guichet-central serve` running in process.
type serving struct {
	addr   string
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan int
}

// pinKeysEnv generates PIN keys into a folder of the test and names them
// by the environment, as an operator would.
func pinKeysEnv(t *testing.T) generatedKeys {
	t.Helper()
	gen, err := generateKeys(filepath.Join(t.TempDir(), "keys"), "h1", "b1")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GUICHET_CENTRAL_PIN_HMAC_KEY_FILE", gen.HMACKeyFile)
	t.Setenv("GUICHET_CENTRAL_PIN_BOX_KEY_FILE", gen.BoxKeyFile)
	return gen
}

// startServe runs serve on a free loopback port and waits for its
// "listening" line.
func startServe(t *testing.T, args ...string) *serving {
	t.Helper()
	pinKeysEnv(t)
	// The metrics listen on a free port too, unless the test chose.
	if _, set := os.LookupEnv("GUICHET_CENTRAL_SERVER_METRICS_LISTEN"); !set {
		t.Setenv("GUICHET_CENTRAL_SERVER_METRICS_LISTEN", "127.0.0.1:0")
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{logs: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	var out syncBuffer
	go func() {
		s.done <- run(ctx, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...), strings.NewReader(""), &out, s.logs)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop")
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for line := range strings.Lines(s.logs.String()) {
			var l map[string]any
			if json.Unmarshal([]byte(line), &l) == nil && l["msg"] == "guichet-central listening" {
				s.addr = l["address"].(string)
				return s
			}
		}
		select {
		case code := <-s.done:
			t.Fatalf("serve exited with %d: %s", code, s.logs)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("serve never said where it listens: %s", s.logs)
	return nil
}

func healthOf(t *testing.T, client *http.Client, url string) wire.Health {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url+wire.PathHealth, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(wire.VersionHeader, strconv.Itoa(wire.Version))
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h wire.Health
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&h) != nil {
		t.Fatalf("health: %d", resp.StatusCode)
	}
	return h
}

// serve works with no set-up, answers health, and stops gracefully when
// its context ends (SIGINT or SIGTERM in the binary).
func TestServeStartsWithNoSetUpAndStopsGracefully(t *testing.T) {
	dir := isolate(t)
	s := startServe(t)
	if h := healthOf(t, http.DefaultClient, "http://"+s.addr); h.Status != "ok" {
		t.Fatalf("health: %+v", h)
	}
	if _, err := os.Stat(filepath.Join(dir, "guichet-central.db")); err != nil {
		t.Fatalf("serve must create its database: %v", err)
	}
	s.cancel()
	select {
	case code := <-s.done:
		if code != 0 {
			t.Fatalf("a graceful stop exits 0, got %d: %s", code, s.logs)
		}
		s.done <- code // for the clean-up
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(s.logs.String(), "guichet-central stopped") {
		t.Errorf("the stop must be logged: %s", s.logs)
	}
	if _, err := net.DialTimeout("tcp", s.addr, time.Second); err == nil {
		t.Error("the port must be closed after the stop")
	}
}

// A request in flight when the stop comes is finished, not cut.
func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	db := withBranch(t)
	var added deviceAddedJSON
	if r := centralCmd(t, "", "--db", db, "devices", "add", "--name", "c1", "--branch", "RAB01", "--json"); r.code != 0 || json.Unmarshal([]byte(r.stdout), &added) != nil {
		t.Fatalf("devices add: %+v", r)
	}
	s := startServe(t, "--db", db)
	body := append([]byte("%PDF-1.4\n"), make([]byte, 4096)...)
	pr, pw := io.Pipe()
	req, err := http.NewRequest(http.MethodPut, "http://"+s.addr+wire.PathDocument+docstore.Sum(body), pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(wire.VersionHeader, strconv.Itoa(wire.Version))
	req.Header.Set("Authorization", "Bearer "+added.Token)
	req.Header.Set("Content-Type", "application/pdf")
	status := make(chan int, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			status <- -1
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	pw.Write(body[:10])
	// The upload is in flight (its body half sent) when the stop comes.
	time.Sleep(100 * time.Millisecond)
	s.cancel()
	time.Sleep(100 * time.Millisecond)
	pw.Write(body[10:])
	pw.Close()
	if got := <-status; got != http.StatusCreated {
		t.Fatalf("the upload in flight answered %d, want 201", got)
	}
	if code := <-s.done; code != 0 {
		t.Fatalf("serve exited %d: %s", code, s.logs)
	}
	s.done <- 0
}

func TestServeTLS(t *testing.T) {
	dir := isolate(t)
	certFile, keyFile, pool := testCertificate(t, dir)
	s := startServe(t, "--tls-cert", certFile, "--tls-key", keyFile)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	if h := healthOf(t, client, "https://"+s.addr); h.Status != "ok" {
		t.Fatalf("health over TLS: %+v", h)
	}
	if !strings.Contains(s.logs.String(), "https://"+s.addr) {
		t.Errorf("the listening line must give the https URL: %s", s.logs)
	}
	// Plain HTTP to the TLS port gets no answer of ours.
	resp, err := http.Get("http://" + s.addr + wire.PathHealth)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP must not be served on the TLS port")
		}
	}
}

func TestServeRefusesBadTLSFiles(t *testing.T) {
	dir := isolate(t)
	write(t, filepath.Join(dir, "cert.pem"), "not a certificate")
	write(t, filepath.Join(dir, "key.pem"), "not a key")
	pinKeysEnv(t)
	r := centralCmd(t, "", "serve", "--listen", "127.0.0.1:0", "--tls-cert", "cert.pem", "--tls-key", "key.pem")
	if r.code != 1 || !strings.Contains(r.stderr, "cert.pem") {
		t.Fatalf("bad TLS files must stop start-up naming them: %+v", r)
	}
}

// testCertificate writes a self-signed certificate for 127.0.0.1 and its
// key, and returns a pool that trusts it.
func testCertificate(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "guichet-central test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	write(t, certFile, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
	write(t, keyFile, string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})))
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}
