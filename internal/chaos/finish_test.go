package chaos

import (
	"encoding/json"
	"fmt"
	"strings"
)

// syncReport is the part of `guichet sync --json` the harness reads.
type syncReport struct {
	OK           bool   `json:"ok"`
	Error        string `json:"error"`
	Pending      int    `json:"pending"`
	SetAside     int    `json:"set_aside_total"`
	AuditThrough int64  `json:"audit_shipped_through"`
}

// maxFinalPasses bounds the final syncs: with the centre up and nothing
// killed, one pass delivers everything; a few more allow for a pass that
// only resumes what a kill interrupted.
const maxFinalPasses = 10

// settle brings the world to rest with nothing killed: the centre up,
// sync passes until the console has nothing pending and has shipped its
// whole audit chain, the console's chain verified (`guichet audit
// verify`, whose sign-in then ships too), the centre stopped cleanly and
// its record of the chains checked (`guichet-central audit breaks`).
func (w *world) settle() error {
	if !w.centre.running() {
		if err := w.centre.start(); err != nil {
			return err
		}
	}
	if err := w.syncUntilDone(); err != nil {
		return err
	}
	p, err := start(w.as(supervisorUser, "audit", "verify", "--json"), hangLimit)
	if err != nil {
		return err
	}
	o := p.wait()
	var verified struct {
		Intact  bool  `json:"intact"`
		Entries int64 `json:"verified_entries"`
	}
	if json.Unmarshal([]byte(o.stdout), &verified); o.code != 0 || !verified.Intact {
		return fmt.Errorf("the console's audit chain does not verify: %s", o)
	}
	if err := w.syncUntilDone(); err != nil {
		return err
	}
	if _, err := w.centre.stop(); err != nil {
		return err
	}
	if o := w.centre.admin("", "audit", "breaks", "--json"); o.code != 0 || strings.TrimSpace(o.stdout) != "[]" {
		return fmt.Errorf("the centre found a break in a device's audit chain: %s", o)
	}
	return nil
}

// syncUntilDone runs sync passes until one ends with nothing pending,
// nothing set aside and the audit chain shipped to its last entry.
func (w *world) syncUntilDone() error {
	var last outcome
	for range maxFinalPasses {
		p, err := start(w.command(nil, "sync", "--json"), hangLimit)
		if err != nil {
			return err
		}
		last = p.wait()
		var rep syncReport
		if err := json.Unmarshal([]byte(last.stdout), &rep); err != nil {
			return fmt.Errorf("sync --json printed what the harness cannot read (%v): %s", err, last)
		}
		if rep.SetAside > 0 {
			return fmt.Errorf("the centre set %d entries aside (none of the workload's may be refused): %s", rep.SetAside, last)
		}
		if last.code == 0 && rep.Pending == 0 {
			auditMax, err := w.localAuditMax()
			if err != nil {
				return err
			}
			if rep.AuditThrough == auditMax {
				return nil
			}
		}
	}
	return fmt.Errorf("still not in sync after %d passes: %s", maxFinalPasses, last)
}

func (w *world) localAuditMax() (int64, error) {
	db, err := openReadOnly(w.consoleDB)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int64
	err = db.QueryRow(`SELECT coalesce(max(seq), 0) FROM audit`).Scan(&n)
	return n, err
}
