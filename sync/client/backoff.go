package client

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfter bounds what a Retry-After header can impose: a wrong clock
// or a bad proxy must not silence a console for days.
const maxRetryAfter = time.Hour

// Backoff is how long to wait after the attempt-th failure in a row
// (attempt 0 is the first): full jitter, a uniform draw from
// [0, min(ceiling, base·2^attempt)), so that consoles coming back together
// do not retry together. A Retry-After from the centre is a floor.
func Backoff(attempt int, base, ceiling time.Duration, r *rand.Rand, retryAfter time.Duration) time.Duration {
	window := base
	for i := 0; i < attempt && window < ceiling; i++ {
		window *= 2
	}
	window = min(window, ceiling)
	var wait time.Duration
	if window > 0 {
		wait = time.Duration(r.Int64N(int64(window)))
	}
	return max(wait, min(retryAfter, maxRetryAfter))
}

// parseRetryAfter reads a Retry-After header, in seconds or as an HTTP
// date; 0 when absent, unreadable or past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return min(time.Duration(min(secs, int64(maxRetryAfter/time.Second)))*time.Second, maxRetryAfter)
	}
	at, err := http.ParseTime(v)
	if err != nil || !at.After(now) {
		return 0
	}
	return min(at.Sub(now), maxRetryAfter)
}
