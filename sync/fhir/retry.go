package fhir

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// checkRetry is the retryablehttp CheckRetry policy: retry connection errors and 429, 500,
// 502, 503, 504; never other statuses (401 is handled by one refresh in do, other 4xx are
// final). A Retry-After beyond the cap stops at once with *RetryLaterError.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		if errors.Is(err, ErrOtherOrigin) || errors.Is(err, errBodyTooLarge) || isPermanentTLS(err) {
			return false, err
		}
		if errors.Is(err, errMalformed) {
			return true, nil
		}
		return retryablehttp.ErrorPropagatedRetryPolicy(ctx, nil, err)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), c.now()); ok && ra > c.cap {
			return false, &RetryLaterError{After: ra}
		}
		return true, nil
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true, nil
	}
	return false, nil
}

func isPermanentTLS(err error) bool {
	var (
		ua  x509.UnknownAuthorityError
		ci  x509.CertificateInvalidError
		he  x509.HostnameError
		cve *tls.CertificateVerificationError
	)
	return errors.As(err, &ua) || errors.As(err, &ci) || errors.As(err, &he) || errors.As(err, &cve)
}

// backoff waits Retry-After (already known to be within the cap) on 429/503, else
// exponential 1 s, 2 s, 4 s … up to 30 s with ±20 % jitter.
func (c *Client) backoff(waitMin, waitMax time.Duration, attempt int, resp *http.Response) time.Duration {
	var d time.Duration
	ra, ok := time.Duration(0), false
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		ra, ok = parseRetryAfter(resp.Header.Get("Retry-After"), c.now())
	}
	if ok {
		d = min(ra, c.cap)
	} else {
		d = waitMin
		for i := 0; i < attempt && d < waitMax; i++ {
			d *= 2
		}
		d = min(d, waitMax)
		d += time.Duration((rand.Float64()*0.4 - 0.2) * float64(d))
	}
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	c.log.Info("fhir retry", "status", status, "attempt", attempt+1, "wait", d.Round(time.Millisecond).String())
	return c.wait(d)
}

// parseRetryAfter reads a Retry-After value: delay-seconds or an HTTP-date (a date in the
// past means 0).
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(100*365*24*time.Hour/time.Second) {
			n = int64(100 * 365 * 24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d, true
	}
	return 0, true
}

// errorHandler runs when retryablehttp gives up. A final response (e.g. the last 503) is
// passed through so that do can read its OperationOutcome; errors are returned without the
// URL; *RetryLaterError from checkRetry is passed as is (its body drained).
func errorHandler(resp *http.Response, err error, tries int) (*http.Response, error) {
	var rl *RetryLaterError
	if errors.As(err, &rl) {
		if resp != nil {
			drainClose(resp.Body)
		}
		return nil, rl
	}
	if err == nil {
		// Retries ran out on a status (checkRetry returns no error for statuses): pass the
		// last response through so that its OperationOutcome can be read.
		return resp, nil
	}
	if resp != nil {
		drainClose(resp.Body)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return nil, err
	}
	if errors.Is(err, ErrOtherOrigin) {
		return nil, ErrOtherOrigin
	}
	if errors.Is(err, errMalformed) || errors.Is(err, errBodyTooLarge) {
		return nil, fmt.Errorf("%w (after %d attempt(s))", err, tries)
	}
	return nil, fmt.Errorf("fhir: cannot reach the portal after %d attempt(s): %w", tries, cleanError(err))
}

// netError is a transport error with the URL and the server's address removed (the host
// tells which clinic a person uses). It unwraps to the cause, so errors.Is still works.
type netError struct {
	msg string
	err error
}

func (e *netError) Error() string { return e.msg }
func (e *netError) Unwrap() error { return e.err }

// cleanError strips *url.Error (which prints the full URL) and the addresses of *net.OpError
// and *net.DNSError from err, keeping the cause for errors.Is/As.
func cleanError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		if errors.Is(err, context.Canceled) {
			return &netError{msg: context.Canceled.Error(), err: err}
		}
		return &netError{msg: "timed out", err: err}
	}
	if errors.Is(err, ErrOtherOrigin) {
		return ErrOtherOrigin
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		msg := "cannot find the server (DNS)"
		if dnsErr.IsTimeout {
			msg = "DNS lookup timed out"
		}
		return &netError{msg: msg, err: err}
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		inner := "failed"
		if opErr.Err != nil {
			inner = opErr.Err.Error()
			var se *os.SyscallError
			if errors.As(opErr.Err, &se) {
				inner = se.Err.Error()
			}
		}
		if strings.Contains(inner, "://") || strings.Contains(inner, ":") && net.ParseIP(strings.Split(inner, ":")[0]) != nil {
			inner = "failed"
		}
		return &netError{msg: opErr.Op + ": " + inner, err: err}
	}
	if isPermanentTLS(err) {
		return &netError{msg: "the server's certificate is not trusted", err: err}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Err == nil {
			return &netError{msg: "request failed", err: err}
		}
		inner := cleanError(ue.Err)
		return &netError{msg: inner.Error(), err: ue.Err}
	}
	if msg := err.Error(); strings.Contains(msg, "://") {
		return &netError{msg: "request failed", err: err}
	}
	return err
}

// leveledLogger adapts slog to retryablehttp.LeveledLogger, dropping every field that may
// carry a URL ("url", "request") and cleaning errors.
type leveledLogger struct{ l *slog.Logger }

var _ retryablehttp.LeveledLogger = leveledLogger{}

func (a leveledLogger) Error(msg string, kv ...interface{}) { a.emit(slog.LevelError, msg, kv) }
func (a leveledLogger) Info(msg string, kv ...interface{})  { a.emit(slog.LevelInfo, msg, kv) }
func (a leveledLogger) Debug(msg string, kv ...interface{}) { a.emit(slog.LevelDebug, msg, kv) }
func (a leveledLogger) Warn(msg string, kv ...interface{})  { a.emit(slog.LevelWarn, msg, kv) }

func (a leveledLogger) emit(level slog.Level, msg string, kv []interface{}) {
	if !a.l.Enabled(context.Background(), level) {
		return
	}
	var attrs []any
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		switch k {
		case "method", "remaining", "timeout":
			attrs = append(attrs, k, fmt.Sprint(kv[i+1]))
		case "error":
			if e, ok := kv[i+1].(error); ok {
				attrs = append(attrs, k, cleanError(e).Error())
			}
		}
	}
	if strings.Contains(msg, "://") {
		msg = "retryablehttp message"
	}
	a.l.Log(context.Background(), level, "retryablehttp: "+msg, attrs...)
}

// requestLogHook logs each attempt: method, resource type and attempt number only.
func (c *Client) requestLogHook(_ retryablehttp.Logger, req *http.Request, attempt int) {
	c.log.Debug("fhir request", "method", req.Method, "type", c.resourceType(req.URL), "attempt", attempt+1)
}

// responseLogHook logs each response: method, resource type and status only.
func (c *Client) responseLogHook(_ retryablehttp.Logger, resp *http.Response) {
	method, typ := "", "other"
	if resp.Request != nil {
		method, typ = resp.Request.Method, c.resourceType(resp.Request.URL)
	}
	c.log.Debug("fhir response", "method", method, "type", typ, "status", resp.StatusCode)
}
