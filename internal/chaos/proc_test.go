package chaos

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// The binaries under test, built once per test binary into a temporary
// folder (removed by TestMain).
var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binaries builds bin/guichet and bin/guichet-central from this checkout
// (the first call only) and returns their paths.
func binaries(t *testing.T) (console, centre string) {
	t.Helper()
	buildOnce.Do(func() {
		if binDir, buildErr = os.MkdirTemp("", "guichet-chaos-bin-"); buildErr != nil {
			return
		}
		goBin, err := exec.LookPath("go")
		if err != nil {
			goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		cmd := exec.Command(goBin, "build", "-o", binDir+string(os.PathSeparator),
			"github.com/cnops/guichet/cmd/guichet", "github.com/cnops/guichet/cmd/guichet-central")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(binDir, "guichet"), filepath.Join(binDir, "guichet-central")
}

// hangLimit is the longest any one command may take: a command still
// running then is stuck (a lock never released, a retry loop), which is a
// finding, not something to wait out.
const hangLimit = 60 * time.Second

// outcome is how a process ended.
type outcome struct {
	code           int  // exit code; -1 when a signal ended it
	killed         bool // it was still running when the harness killed it
	hung           bool // it outlived hangLimit
	stdout, stderr string
	took           time.Duration
}

func (o outcome) ok() bool { return o.code == 0 && !o.killed }

func (o outcome) String() string {
	switch {
	case o.killed:
		return fmt.Sprintf("killed after %s", o.took.Round(time.Millisecond))
	case o.hung:
		return fmt.Sprintf("hung (killed after %s)", o.took.Round(time.Millisecond))
	}
	return fmt.Sprintf("exit %d after %s: %s%s", o.code, o.took.Round(time.Millisecond),
		strings.TrimSpace(o.stdout), strings.TrimSpace(" "+o.stderr))
}

// proc is a started process that the harness may kill at any moment.
type proc struct {
	cmd      *exec.Cmd
	out, err bytes.Buffer
	started  time.Time
	mu       sync.Mutex
	exited   bool
	sentKill bool
	hung     bool
	done     chan struct{}
	res      outcome
}

// start runs cmd in the background and kills it if it outlives limit (0:
// no limit, for a server); its output is captured unless the caller set
// cmd.Stdout or cmd.Stderr.
func start(cmd *exec.Cmd, limit time.Duration) (*proc, error) {
	p := &proc{cmd: cmd, done: make(chan struct{})}
	if cmd.Stdout == nil {
		cmd.Stdout = &p.out
	}
	if cmd.Stderr == nil {
		cmd.Stderr = &p.err
	}
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go p.reap(limit)
	return p, nil
}

func (p *proc) reap(limit time.Duration) {
	var watchdog *time.Timer
	if limit > 0 {
		watchdog = time.AfterFunc(limit, func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			if !p.exited {
				p.hung = true
				p.cmd.Process.Kill()
			}
		})
	}
	p.cmd.Wait()
	if watchdog != nil {
		watchdog.Stop()
	}
	p.mu.Lock()
	p.exited = true
	p.res = outcome{code: p.cmd.ProcessState.ExitCode(), killed: p.sentKill && !p.cmd.ProcessState.Exited(),
		hung: p.hung, stdout: p.out.String(), stderr: p.err.String(), took: time.Since(p.started)}
	p.mu.Unlock()
	close(p.done)
}

// kill sends SIGKILL now, if the process still runs, and reports whether
// it did.
func (p *proc) kill() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.exited {
		return false
	}
	if p.cmd.Process.Kill() != nil {
		return false
	}
	p.sentKill = true
	return true
}

// killAfter sends SIGKILL after d unless the process has ended by then.
func (p *proc) killAfter(d time.Duration) {
	go func() {
		select {
		case <-p.done:
		case <-time.After(d):
			p.kill()
		}
	}()
}

func (p *proc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

func (p *proc) wait() outcome {
	<-p.done
	return p.res
}

// environment is the parent's environment without any GUICHET_ variable
// (a developer's settings must not leak in), plus extra.
func environment(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GUICHET_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}
