package shc_test

import (
	"errors"
	"testing"
	"time"

	"carekeeper/internal/shc"
	"carekeeper/internal/shc/shctest"
)

// F525 item 4: an expired card was refused with "the health card has expired": no date, and
// read as the vaccinations being out of date. The words give the day and say what expired.
func TestExpiredCardSaysWhenAndWhat(t *testing.T) {
	c, err := shc.Parse(card(t, shctest.Claims{Exp: time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Verify(trust(t), now)
	if !errors.Is(err, shc.ErrExpired) {
		t.Fatalf("Verify: %v, want ErrExpired", err)
	}
	const want = "the health card expired on 30 Nov 2026 (the card itself, not the vaccinations or results on it): ask whoever gave it for a new card"
	if err.Error() != want {
		t.Errorf("%q\nwant %q", err, want)
	}
}
