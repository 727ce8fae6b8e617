// Command guichet-load is `make load`: it runs simulated devices against
// a centre and reports the latency of each route, the errors, the
// throughput and its own share of the CPUs (issue 7: 200 devices, each
// pushing a batch of 10 entries and pulling its feed once a second, p99 ≤
// 250 ms with no error).
//
// By default it seeds a demo centre (SQLite, in a temporary folder, or
// --centre-db), creates the devices and their branches' accounts through
// central.App, and serves it from a child process of its own on a loopback
// port, so that the generator's CPU and the centre's are measured apart.
// --in-process serves it from the generator's process instead. --central
// URL loads a centre already running (guichet-central serve) whose storage
// --centre-db names: the devices and accounts are created there first.
//
// A device speaks the wire protocol itself: each entry is a real address
// change of one of its branch's members (a request by the branch's agent,
// then its approval by the supervisor, so the member's version moves on),
// with the audit chain a console ships alongside.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"
	_ "time/tzdata"

	"github.com/cnops/guichet/central/postgres"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == serveCentreArg {
		os.Exit(serveCentre(os.Args[2], os.Stdout, os.Stderr))
	}
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// config is the command line.
type config struct {
	devices, batch, pushEvery, members, perDevice int
	seed                                          int64
	duration, interval, target                    time.Duration
	centreDB, central, cpuProfile                 string
	inProcess, quiet                              bool
}

func (c config) storageName() string {
	switch {
	case c.centreDB == "":
		return "SQLite (temporary)"
	case postgres.IsDSN(c.centreDB):
		return "PostgreSQL " + postgres.Redact(c.centreDB) + " (its server's CPU is not counted below)"
	}
	return "SQLite " + c.centreDB
}

func parse(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("guichet-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&c.devices, "devices", 200, "simulated devices, spread over the centre's branches")
	fs.DurationVar(&c.duration, "duration", time.Minute, "how long the load runs")
	fs.DurationVar(&c.interval, "interval", time.Second, "each device's cycle: push (see -push-every), then pull the feed")
	fs.IntVar(&c.batch, "batch", 10, "entries per push (even: requests and their approvals)")
	fs.IntVar(&c.pushEvery, "push-every", 1, "push on every n-th cycle; 0 pushes once, at the first cycle")
	fs.IntVar(&c.members, "members", 20000, "demo members to seed a centre that has none")
	fs.Int64Var(&c.seed, "seed", 1, "demo population seed, and the devices' randomness")
	fs.IntVar(&c.perDevice, "members-per-device", 50, "members each device changes, in turn")
	fs.StringVar(&c.centreDB, "centre-db", "", "the centre's storage: an SQLite file or postgres:// URL (default: a temporary SQLite file)")
	fs.StringVar(&c.central, "central", "", "URL of a centre already serving -centre-db (default: serve it here)")
	fs.BoolVar(&c.inProcess, "in-process", false, "serve the centre from this process instead of a child process")
	fs.DurationVar(&c.target, "target", 250*time.Millisecond, "the p99 latency the report checks")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress lines on standard error")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write this process's CPU profile of the run to the file (with -in-process it holds the centre's too)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch {
	case fs.NArg() > 0:
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case c.devices < 1 || c.duration <= 0 || c.interval <= 0 || c.perDevice < 1 || c.pushEvery < 0:
		return c, fmt.Errorf("-devices, -duration, -interval and -members-per-device must be positive, -push-every not negative")
	case c.batch < 2 || c.batch%2 != 0 || c.batch > 100:
		return c, fmt.Errorf("-batch must be even, from 2 to 100 (a push holds at most 100 entries)")
	case c.central != "" && c.centreDB == "":
		return c, fmt.Errorf("-central needs -centre-db: the devices and accounts are created in its storage")
	case c.central != "" && c.inProcess:
		return c, fmt.Errorf("-central and -in-process exclude each other")
	}
	return c, nil
}

// run is the whole command: exit 0 when no request failed and no entry was
// refused, 1 otherwise (the latency target is reported, not enforced), 2
// on a usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parse(args, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "guichet-load:", err)
		return 2
	}
	res, _, err := load(ctx, cfg, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "guichet-load:", err)
		return 1
	}
	res.Print(stdout, cfg, cfg.target)
	if res.Errors > 0 {
		return 1
	}
	return 0
}

// load prepares the centre, runs the devices and returns what they saw
// (and the devices, for the tests to check against the centre).
func load(ctx context.Context, cfg config, stderr io.Writer) (Result, []*device, error) {
	logf := func(format string, a ...any) {
		if !cfg.quiet {
			fmt.Fprintf(stderr, "guichet-load: "+format+"\n", a...)
		}
	}
	dsn := cfg.centreDB
	if dsn == "" {
		dir, err := os.MkdirTemp("", "guichet-load-")
		if err != nil {
			return Result{}, nil, err
		}
		defer os.RemoveAll(dir)
		dsn = filepath.Join(dir, "centre.db")
	}
	st, err := openStorage(ctx, dsn)
	if err != nil {
		return Result{}, nil, err
	}
	app := centralApp(st)
	devices, err := prepare(ctx, st, app, cfg, logf)
	if err != nil {
		app.Close()
		return Result{}, nil, err
	}
	kind, base := kindChild, cfg.central
	var child *childCentre
	switch {
	case cfg.inProcess:
		kind = kindInProcess
		stopServer, url, err := serveHere(app)
		if err != nil {
			app.Close()
			return Result{}, nil, err
		}
		defer stopServer()
		base = url
	default:
		app.Close() // the centre is served elsewhere
		if base != "" {
			kind = base
			break
		}
		if child, err = startChild(dsn, stderr); err != nil {
			return Result{}, nil, err
		}
		base = child.base
	}
	logf("%d devices against %s for %s", len(devices), base, cfg.duration)
	rec := newRecorder()
	var centreCPU0 time.Duration
	if child != nil {
		centreCPU0 = child.cpu()
	}
	stopProfile, err := startProfile(cfg.cpuProfile)
	if err != nil {
		return Result{}, nil, err
	}
	wall, cpu := runDevices(newClient(base, len(devices), rec), devices, cfg, rec)
	stopProfile()
	res := rec.result(wall, cfg.target, kind)
	res.LoadCPU = cpu
	if child != nil {
		res.CentreCPU = child.cpu() - centreCPU0
		if err := child.stop(); err != nil {
			return Result{}, nil, fmt.Errorf("stopping the centre: %w", err)
		}
	}
	return res, devices, nil
}

func nproc() int { return runtime.NumCPU() }

// startProfile starts a CPU profile into path ("" profiles nothing).
func startProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
