package chaos

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// centre runs `guichet-central serve` as a process in its own folder
// (database, PIN keys, documents, mail spool), restarted on a new
// loopback port after each kill.
type centre struct {
	bin, dir, db string
	env          []string
	log          *os.File // every run's log, appended
	proc         *proc
	url          string
	starts       int
}

func newCentre(bin, dir string) (*centre, error) {
	log, err := os.OpenFile(filepath.Join(dir, "central.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	keys := filepath.Join(dir, "keys")
	return &centre{bin: bin, dir: dir, db: filepath.Join(dir, "central.db"), log: log,
		env: environment("XDG_CONFIG_HOME="+filepath.Join(dir, "xdg"),
			"GUICHET_CENTRAL_SERVER_METRICS_LISTEN=off",
			"GUICHET_CENTRAL_PIN_HMAC_KEY_FILE="+filepath.Join(keys, "hmac.key"),
			"GUICHET_CENTRAL_PIN_BOX_KEY_FILE="+filepath.Join(keys, "box.key"),
			"GUICHET_CENTRAL_PIN_MAX_REISSUES="+maxReissues)}, nil
}

// admin runs an administration command of the centre to completion.
func (c *centre) admin(stdin string, args ...string) outcome {
	cmd := exec.Command(c.bin, append([]string{"--db", c.db}, args...)...)
	cmd.Dir, cmd.Env, cmd.Stdin = c.dir, c.env, strings.NewReader(stdin)
	p, err := start(cmd, hangLimit)
	if err != nil {
		return outcome{code: -1, stderr: err.Error()}
	}
	return p.wait()
}

func (c *centre) running() bool { return c.proc != nil && c.proc.running() }

// startTimeout bounds the wait for a centre to listen.
const startTimeout = 15 * time.Second

// start serves the centre on a free loopback port and waits until it
// listens (its log says where).
func (c *centre) start() error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	cmd := exec.Command(c.bin, "--db", c.db, "serve", "--listen", "127.0.0.1:0")
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = c.dir, c.env, c.log, w
	p, err := start(cmd, 0)
	w.Close()
	if err != nil {
		r.Close()
		return err
	}
	c.starts++
	urls := make(chan string, 1)
	go scanLog(r, c.log, urls)
	select {
	case u := <-urls:
		c.proc, c.url = p, u
		return nil
	case <-p.done:
		return fmt.Errorf("the centre stopped as it started: %s (see %s)", p.wait(), c.log.Name())
	case <-time.After(startTimeout):
		p.kill()
		return fmt.Errorf("the centre did not listen within %s (see %s)", startTimeout, c.log.Name())
	}
}

// scanLog copies the centre's log lines into log and sends the address it
// listens on, read from its "guichet-central listening" line.
func scanLog(r io.ReadCloser, log io.Writer, urls chan<- string) {
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	sent := false
	for sc.Scan() {
		line := sc.Bytes()
		log.Write(append(line, '\n'))
		if sent {
			continue
		}
		var l struct{ Msg, URL string }
		if json.Unmarshal(line, &l) == nil && l.Msg == "guichet-central listening" && l.URL != "" {
			urls <- l.URL
			sent = true
		}
	}
}

// kill sends SIGKILL to the running centre and reports whether it ran.
func (c *centre) kill() bool {
	if !c.running() {
		return false
	}
	killed := c.proc.kill()
	c.proc.wait()
	return killed
}

// close kills the centre if it runs and closes its log.
func (c *centre) close() {
	c.kill()
	c.log.Close()
}

// stop asks the centre to finish its requests and stop, as an operator's
// Ctrl-C does, and waits for it.
func (c *centre) stop() (outcome, error) {
	if !c.running() {
		return outcome{}, nil
	}
	if err := c.proc.cmd.Process.Signal(os.Interrupt); err != nil {
		return outcome{}, err
	}
	o := c.proc.wait()
	if o.code != 0 {
		return o, fmt.Errorf("the centre did not stop cleanly: %s", o)
	}
	return o, nil
}
