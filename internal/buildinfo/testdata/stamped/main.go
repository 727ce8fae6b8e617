// Command stamped prints its build's identity; stamp_test.go builds it with
// the -ldflags of make dist.
package main

import (
	"fmt"

	"github.com/cnops/guichet/internal/buildinfo"
)

func main() { fmt.Println(buildinfo.Get().Line("stamped")) }
