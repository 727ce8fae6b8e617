package netfault

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/rs/zerolog"
)

// Proxy is a TCP proxy on a loopback port in front of one upstream
// address, run by toxiproxy inside this process (no toxiproxy server, no
// API port): a console talks to the centre through it, and Arm breaks the
// link as a toxic says.
type Proxy struct {
	p    *toxiproxy.Proxy
	mu   sync.Mutex
	next int // names the toxics armed
}

// NewProxy starts a proxy on 127.0.0.1 (a free port) forwarding to
// upstream ("host:port").
func NewProxy(name, upstream string) (*Proxy, error) {
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(nil), zerolog.Nop())
	p := toxiproxy.NewProxy(srv, name, "127.0.0.1:0", upstream)
	if err := p.Start(); err != nil {
		return nil, fmt.Errorf("netfault: starting proxy %s: %w", name, err)
	}
	return &Proxy{p: p}, nil
}

// Addr is the address consoles connect to ("127.0.0.1:port").
func (p *Proxy) Addr() string {
	p.p.Lock()
	defer p.p.Unlock()
	return p.p.Listen
}

// Arm adds a toxic to every connection, open or to come, until Clear.
func (p *Proxy) Arm(t Toxic) error {
	p.mu.Lock()
	p.next++
	name := fmt.Sprintf("%s-%d", t.Type, p.next)
	p.mu.Unlock()
	body, err := json.Marshal(map[string]any{"name": name, "type": t.Type, "stream": t.Stream,
		"toxicity": 1.0, "attributes": t.Attributes})
	if err != nil {
		return err
	}
	if _, err := p.p.Toxics.AddToxicJson(bytes.NewReader(body)); err != nil {
		return fmt.Errorf("netfault: arming %s: %w", &t, err)
	}
	return nil
}

// Clear removes every toxic; connections they held (a time-out toxic)
// are closed.
func (p *Proxy) Clear() { p.p.Toxics.ResetToxics(context.Background()) }

// Close stops the proxy and closes its connections.
func (p *Proxy) Close() { p.p.Stop() }
