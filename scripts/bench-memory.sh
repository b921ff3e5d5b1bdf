#!/bin/sh
# Resident memory of the desktop app unlocked on Today with the largest fixture patient
# imported, against a bare Fyne 2.7 window measured the same way (issue 13 §2: goal ≤ 40 MB
# above the bare window). Both run under Xvfb with software OpenGL; VmRSS is read from /proc
# once it has settled (three samples a second apart within 1 %, after at least 8 s). Both give
# back the pages of their own binary that start-up mapped (internal/binpages: the app once its
# first screen is shown, the bare window two seconds after it starts), so the figure above the
# bare window is what each holds afterwards; anonAboveMiB and fileAboveMiB split it (RssAnon,
# RssFile of /proc/PID/status).
#
#   scripts/bench-memory.sh [FIXTURE.json]      (default: Fletcher_Hyatt from ../shared/fixtures)
#
# Needs Xvfb and xdotool (scripts/deps.sh installs Xvfb; apt-get install xdotool). Prints one
# JSON line: {"bareKiB","appKiB","aboveBareMiB","anonAboveMiB","fileAboveMiB","goalMiB","met"}.
#
# Then the peak RSS of the commands that read one person's watch readings (issue 13: every
# command that opens the vault ≤ 90 MB; F157, F174): `carekeeper-cli bench --watch` runs
# summary, summary --fhir, results, results --json, export and records --json 3 times each on
# 100,000 and 300,000 heart rates, vaults
# kept in .bench/watch (built on the first run, ~2 minutes; CAREKEEPER_BENCH_WATCH=DIR elsewhere,
# =off to skip). Prints their table.
set -eu
cd "$(dirname "$0")/.."
fixture=${1:-}
if [ -z "$fixture" ]; then
	for f in ${CAREKEEPER_FIXTURES:-../shared/fixtures}/synthea/Fletcher_Hyatt_*.json; do fixture=$f; done
fi
[ -f "$fixture" ] || { echo "bench-memory: fixture not found (give a path)" >&2; exit 2; }
for cmd in Xvfb xdotool; do
	command -v $cmd >/dev/null || { echo "bench-memory: $cmd is missing" >&2; exit 2; }
done

tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# Built, then copied: a file just written by the linker is mapped with ~17 MB more of its own
# pages than a copy of it (the kernel's page-cache folios), so a fresh build measured 5-10 MiB
# higher than the same binary copied, by chance of the page cache (F479).
go build -o "$tmp/carekeeper.built" .
go build -tags barewindow -o "$tmp/barewindow.built" ./cmd/barewindow
cp "$tmp/carekeeper.built" "$tmp/carekeeper"
cp "$tmp/barewindow.built" "$tmp/barewindow"
rm -f "$tmp/carekeeper.built" "$tmp/barewindow.built"

export HOME="$tmp" XDG_CONFIG_HOME="$tmp/.config" XDG_CONFIG_DIRS="$tmp/etc" LANG=en_US.UTF-8 \
	DBUS_SESSION_BUS_ADDRESS=disabled: CAREKEEPER_DATA="$tmp/data" LIBGL_ALWAYS_SOFTWARE=1
pass="bench memory passphrase for the fixture vault"
CAREKEEPER_PASSPHRASE="$pass" "$tmp/carekeeper" init >/dev/null
CAREKEEPER_PASSPHRASE="$pass" "$tmp/carekeeper" import "$fixture" >/dev/null

# Xvfb picks a free display itself and writes its number once it is ready (a display
# number of our own could be another process's Xvfb, whose windows we would then measure).
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" >/dev/null 2>&1 &
pids="$pids $!"
i=0
until [ -s "$tmp/display" ]; do
	i=$((i + 1)); [ $i -lt 100 ] || { echo "bench-memory: Xvfb did not start" >&2; exit 1; }
	sleep 0.1
done
DISPLAY=:$(head -n1 "$tmp/display")
export DISPLAY

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# settled PID: VmRSS in KiB once three samples a second apart are within 1 % (at least 8 s in).
settled() {
	a=0 b=0 n=0
	while :; do
		sleep 1
		n=$((n + 1))
		c=$(rss "$1")
		if [ $n -ge 8 ] && [ $a -gt 0 ] && awk -v a=$a -v b=$b -v c=$c 'BEGIN { m = (a > c ? a : c); d = (a > c ? a - c : c - a); e = (b > c ? b - c : c - b); exit !(d <= m / 100 && e <= m / 100) }'; then
			echo "$c"; return
		fi
		a=$b b=$c
		[ $n -lt 60 ] || { echo "$c"; return; }
	done
}

window() { # window NAME: the window id, waiting up to 20 s
	xdotool search --sync --onlyvisible --name "$1" 2>/dev/null | head -n1
}

"$tmp/barewindow" >/dev/null 2>&1 &
bare=$!
pids="$pids $bare"
timeout 20 sh -c "until xdotool search --onlyvisible --name 'Bare Fyne window' >/dev/null 2>&1; do sleep 0.2; done"
bareKiB=$(settled $bare)
bareAnon=$(awk '/^RssAnon:/ {print $2}' /proc/$bare/status)
bareFile=$(awk '/^RssFile:/ {print $2}' /proc/$bare/status)
kill $bare; wait $bare 2>/dev/null || true

"$tmp/carekeeper" >"$tmp/app.log" 2>&1 &
app=$!
pids="$pids $app"
timeout 20 sh -c "until xdotool search --onlyvisible --name '^CareKeeper$' >/dev/null 2>&1; do sleep 0.2; done"
win=$(window '^CareKeeper$')
sleep 2
xdotool windowfocus --sync "$win" 2>/dev/null || true
xdotool type --delay 5 "$pass"
xdotool key Return
# Unlocked when the process holds the vault's files open.
i=0
until ls -l "/proc/$app/fd" 2>/dev/null | grep -q "$tmp/data/"; do
	i=$((i + 1)); [ $i -lt 300 ] || { echo "bench-memory: the app did not unlock (see $tmp/app.log)" >&2; cat "$tmp/app.log" >&2; exit 1; }
	sleep 0.1
done
appKiB=$(settled $app)
appAnon=$(awk '/^RssAnon:/ {print $2}' /proc/$app/status)
appFile=$(awk '/^RssFile:/ {print $2}' /proc/$app/status)
if grep -q "Error in Fyne call thread" "$tmp/app.log"; then
	echo "bench-memory: the app touched the UI off the main goroutine:" >&2
	grep -A2 "Error in Fyne call thread" "$tmp/app.log" | head -20 >&2
fi
kill $app; wait $app 2>/dev/null || true

awk -v b=$bareKiB -v a=$appKiB -v ba=$bareAnon -v aa=$appAnon -v bf=$bareFile -v af=$appFile 'BEGIN {
	d = (a - b) / 1024
	printf "{\"bareKiB\":%d,\"appKiB\":%d,\"aboveBareMiB\":%.1f,\"anonAboveMiB\":%.1f,\"fileAboveMiB\":%.1f,\"goalMiB\":40,\"met\":%s}\n", b, a, d, (aa - ba) / 1024, (af - bf) / 1024, (d <= 40 ? "true" : "false")
}'

watchdir=${CAREKEEPER_BENCH_WATCH:-.bench/watch}
if [ "$watchdir" != off ]; then
	go build -o "$tmp/carekeeper-cli" ./cmd/carekeeper-cli
	mkdir -p "$watchdir"
	"$tmp/carekeeper-cli" bench --watch "$watchdir" --runs 3
fi
