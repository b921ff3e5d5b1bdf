package household

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"carekeeper/internal/hlc"
	"carekeeper/sync/transport"
)

// Pairing is a key-wrapping design with a strong code, not a PAKE (see docs/household.md):
// the code is six words (65.5 bits) stretched with Argon2id into a locator (the invitation's
// folder name) and a 256-bit key that seals every pairing file. Whoever reads the folder sees
// only sealed files; guessing the code offline costs one Argon2id per guess over 2^65.5 codes.
const (
	codeLen     = 6
	argonTime   = 2
	argonMemory = 64 * 1024 // KiB
	argonSalt   = "carekeeper household invitation v1"
	smallLimit  = 1 << 20 // largest pairing file read
)

// pollEvery is how often Join looks for its admission (tests shorten it).
var pollEvery = 2 * time.Second

// offerWait is how long Join waits for the invitation itself to appear in a synced folder
// before it calls the code wrong (the folder's engine may still be carrying it). On a direct
// transport (WebDAV: the server is the store, and the code is shown only once the server holds
// the invitation) one look is enough.
const offerWait = 2 * time.Minute

// errNoOfferOnServer is ErrBadCode said for a direct transport, where waiting would not help.
var errNoOfferOnServer = badCode("no invitation with this code on the server: check the words (the code is shown only once the server holds the invitation)")

type badCode string

func (e badCode) Error() string        { return string(e) }
func (e badCode) Is(target error) bool { return target == ErrBadCode }

// offerPatience is how long Join looks for the invitation of its code on t.
func offerPatience(t transport.Transport, wait time.Duration) time.Duration {
	if d, ok := t.(transport.Direct); ok && d.Direct() {
		return 0
	}
	return min(wait, offerWait)
}

func newCode() string {
	w := make([]string, codeLen)
	n := big.NewInt(int64(len(codeWords)))
	for i := range w {
		k, err := rand.Int(rand.Reader, n)
		if err != nil {
			panic(err) // crypto/rand does not fail
		}
		w[i] = codeWords[k.Int64()]
	}
	return strings.Join(w, "-")
}

// normalizeCode accepts the words in any case, separated by spaces, hyphens, dots or commas
// (what people type, and what a QR scanner returns).
func normalizeCode(code string) (string, error) {
	f := strings.FieldsFunc(strings.ToLower(code), func(r rune) bool {
		return r == ' ' || r == '-' || r == '.' || r == ',' || r == '\t' || r == '\n' || r == '\r'
	})
	if len(f) != codeLen {
		return "", fmt.Errorf("%w (a code is %d words)", ErrBadCode, codeLen)
	}
	for _, w := range f {
		if !isCodeWord(w) {
			return "", fmt.Errorf("%w (a word is not one of the code's words)", ErrBadCode)
		}
	}
	return strings.Join(f, "-"), nil
}

var codeWordSet = func() map[string]bool {
	m := make(map[string]bool, len(codeWords))
	for _, w := range codeWords {
		m[w] = true
	}
	return m
}()

func isCodeWord(w string) bool { return codeWordSet[w] }

func codeSecrets(code string) (loc string, key []byte) {
	out := argon2.IDKey([]byte(code), []byte(argonSalt), argonTime, argonMemory, 1, 16+chacha20poly1305.KeySize)
	return hexID(out[:16]), out[16:]
}

func sealSmall(key []byte, label string, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	aead, _ := chacha20poly1305.NewX(key)
	nonce := make([]byte, chacha20poly1305.NonceSizeX, chacha20poly1305.NonceSizeX+len(b)+aead.Overhead())
	rand.Read(nonce)
	return aead.Seal(nonce, nonce, b, []byte(label))
}

func openSmall[T any](key []byte, label string, data []byte) (T, error) {
	var v T
	aead, _ := chacha20poly1305.NewX(key)
	if len(data) < chacha20poly1305.NonceSizeX+aead.Overhead() {
		return v, errTruncated
	}
	b, err := aead.Open(nil, data[:chacha20poly1305.NonceSizeX], data[chacha20poly1305.NonceSizeX:], []byte(label))
	if err != nil {
		return v, errDecrypt
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return v, errPadding
	}
	return v, nil
}

type offerRec struct {
	Expires int64 `json:"expires"`
}

type joinReq struct {
	Name string `json:"name"`
	Sign []byte `json:"sign"`
	KEM  []byte `json:"kem"`
}

type joinResp struct {
	Refused   string `json:"refused,omitempty"` // "used" or "expired"
	Household string `json:"household,omitempty"`
	MetaKey   []byte `json:"metaKey,omitempty"`
	Control   []Op   `json:"control,omitempty"` // the membership, keys wrapped to the new device
	Creator   string `json:"creator,omitempty"`
}

func inviteDir(loc string) string { return "i/" + loc }

// liveName is the empty file next to the invitations that says one exists and until when
// ("i/e-<locator>-<expiry unix ms>"): nothing more than its offer's file time tells.
func liveName(loc string, expires time.Time) string {
	return fmt.Sprintf("i/e-%s-%d", loc, expires.UnixMilli())
}

// liveInvitations are the locators of the invitations the folder holds that have not expired
// at now (their liveName files).
func liveInvitations(ctx context.Context, t transport.Transport, now time.Time) ([]string, error) {
	ents, err := t.List(ctx, "i")
	if errors.Is(err, transport.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if loc, ms, ok := parseLiveName(e.Name); ok && !e.Dir && ms > now.UnixMilli() {
			out = append(out, loc)
		}
	}
	return out, nil
}

// parseLiveName reads "e-<locator>-<expiry unix ms>" (a name in "i/", liveName).
func parseLiveName(name string) (loc string, ms int64, ok bool) {
	rest, ok := strings.CutPrefix(name, "e-")
	loc, num, ok2 := strings.Cut(rest, "-")
	if !ok || !ok2 || !deviceDirRe.MatchString(loc) || len(num) == 0 || len(num) > 19 || strings.Trim(num, "0123456789") != "" {
		return "", 0, false
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || strconv.FormatInt(n, 10) != num {
		return "", 0, false
	}
	return loc, n, true
}

// usedRec is what an admitting device leaves in the invitation ("u-<its id>", sealed with the
// code's key): the code was used by Joiner, so another device asking with it hears so at once,
// even when no member exchanges to answer it.
type usedRec struct {
	Joiner string `json:"joiner"`
}

// folderNoOffer is ErrBadCode said in a synced folder once it waited (offerWait, or less when
// told to wait less) without the invitation appearing.
func folderNoOffer(waited time.Duration) error {
	n, unit := int(waited.Round(time.Second)/time.Second), "second"
	if waited >= time.Minute && waited%time.Minute == 0 {
		n, unit = int(waited/time.Minute), "minute"
	}
	if n != 1 {
		unit += "s"
	}
	return badCode(fmt.Sprintf("no invitation with this code in the folder after %d %s: check the words, or let the folder finish syncing and try again", n, unit))
}

// errOtherInvitation is ErrBadCode said when the folder holds another valid invitation.
var errOtherInvitation = badCode("no invitation with this code, but the folder has another from the last 10 minutes: check the words")

// Invite makes a single-use code (six words; the same text fits a QR image) valid for
// InviteTTL. The device that joins with it gets grants (none given: manage on every person,
// i.e. another device of the same people). The invitation is sent at once, so any device of
// the household admits the new one in its next Exchange.
func (h *Household) Invite(ctx context.Context, grants []Grant, now time.Time) (code string, expires time.Time, err error) {
	if len(grants) == 0 {
		grants = h.everyoneGrants()
	}
	for _, g := range grants {
		if g.Role != RoleManage && g.Role != RoleView {
			return "", time.Time{}, fmt.Errorf("household: an invitation grants manage or view, not %q", g.Role)
		}
		if g.Profile == "" || strings.ContainsAny(g.Profile, "/\x00") {
			return "", time.Time{}, fmt.Errorf("household: a grant needs a person's id")
		}
		h.claim(g.Profile, now) // a person this device made, the household knows nothing of (F348)
		if !h.st.mayShare(h.st.Device, g.Profile) {
			return "", time.Time{}, ErrNotSharer
		}
	}
	code = newCode()
	loc, key := codeSecrets(code)
	expires = now.Add(InviteTTL).Truncate(time.Millisecond)
	if err := h.t.MkdirAll(ctx, inviteDir(loc)); err != nil {
		return "", time.Time{}, fmt.Errorf("household: making the invitation: %w", err)
	}
	if err := h.t.Create(ctx, inviteDir(loc)+"/offer", sealSmall(key, "offer\x00"+loc, offerRec{Expires: expires.UnixMilli()})); err != nil {
		return "", time.Time{}, fmt.Errorf("household: making the invitation: %w", err)
	}
	// Its clear twin: a joiner whose code matches no invitation, in a folder that holds another
	// still valid, knows at once that its code is wrong (a mistyped word), not late.
	if err := h.t.Create(ctx, liveName(loc, expires), nil); err != nil && !errors.Is(err, transport.ErrExist) {
		return "", time.Time{}, fmt.Errorf("household: making the invitation: %w", err)
	}
	h.addControl(kindInvite, loc, inviteRec{Expires: expires.UnixMilli(), Grants: grants, CodeKey: key, By: h.st.Device}, now)
	if err := h.save(ctx); err != nil {
		return "", time.Time{}, err
	}
	var rep Report
	if err := h.send(ctx, now, &rep); err != nil {
		return "", time.Time{}, err
	}
	return code, expires, nil
}

// everyoneGrants are the grants of an invitation for everyone: manage on every person, and
// manage on each person this device manages whom that grant does not cover — another device
// made them and shared them with this one (coveredByAll, F379) — so that the new device gets
// what this one has (F392: a desk managing everyone invited a new computer, which got every
// person but Tom, whom the carer's laptop had shared with the desk to manage, and nothing said
// why). Managing a person is what allows sharing them (DESIGN 6a, docs/household.md "Roles and
// authority"); a person this device only views is not its to give, and is said so
// (hhvault.InviteLines).
func (h *Household) everyoneGrants() []Grant {
	grants := []Grant{{Profile: AllProfiles, Role: RoleManage}}
	self := h.st.Device
	for _, p := range h.st.scopes() {
		if p == "" || p == AllProfiles || h.st.coveredByAll(self, "", p) {
			continue
		}
		if h.st.role(self, p) == RoleManage {
			grants = append(grants, Grant{Profile: p, Role: RoleManage})
		}
	}
	return grants
}

// EveryoneGives reports whether an invitation for everyone from this device (Invite without
// grants) gives the new device profile: covered by the grant on everyone, or managed here
// (everyoneGrants).
func (h *Household) EveryoneGives(profile string) bool {
	return h.st.coveredByAll(h.st.Device, "", profile) || h.st.role(h.st.Device, profile) == RoleManage
}

// admit answers the join requests of the invitations this device knows: admits the first
// device per code while it is valid, tells any other that the code was used or expired.
func (h *Household) admit(ctx context.Context, now time.Time, rep *Report) error {
	type live struct {
		loc string
		rec inviteRec
	}
	var invs []live
	var stale []Op
	h.st.each(kindInvite, func(loc string, op Op) {
		rec, ok := decode[inviteRec](op)
		// Answer for an hour after expiry, so a late joiner hears "expired", not silence.
		if ok && now.UnixMilli() <= rec.Expires+time.Hour.Milliseconds() {
			invs = append(invs, live{loc, rec})
		} else {
			stale = append(stale, op)
		}
	})
	// An invitation over: each device removes the pairing files it wrote, and the invitation
	// (with its derived key) leaves the membership.
	for _, op := range stale {
		rec, _ := decode[inviteRec](op)
		if err := h.removeOwnPairingFiles(ctx, op.Key, rec.By == h.st.Device); err != nil {
			return err
		}
		del := Op{Kind: kindInvite, Key: op.Key, Deleted: true, Stamp: h.clock.Now(now), Device: h.st.Device}
		h.st.mergeControl(del)
		h.st.Pending = append(h.st.Pending, del)
	}
	changed := false
	for _, inv := range invs {
		if !h.mayAdmit(inv.rec) {
			continue // another device of the household answers it, or nobody may
		}
		ents, err := h.t.List(ctx, inviteDir(inv.loc))
		if errors.Is(err, transport.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("household: listing an invitation: %w", err)
		}
		have := map[string]bool{}
		for _, e := range ents {
			have[e.Name] = true
		}
		for _, e := range ents {
			joiner, ok := strings.CutPrefix(e.Name, "r-")
			if !ok || e.Dir || !deviceDirRe.MatchString(joiner) {
				continue
			}
			answer := "a-" + joiner + "-" + h.st.Device
			if have[answer] {
				continue
			}
			data, err := h.t.Read(ctx, inviteDir(inv.loc)+"/"+e.Name, smallLimit)
			if err != nil {
				rep.Refused = append(rep.Refused, Refusal{File: inviteDir(inv.loc) + "/" + e.Name, Reason: "could not be read", Bad: true})
				continue
			}
			req, err := openSmall[joinReq](inv.rec.CodeKey, "req\x00"+inv.loc+"\x00"+joiner, data)
			if err != nil || deviceID(req.Sign) != joiner || len(req.KEM) != 32 {
				rep.Refused = append(rep.Refused, Refusal{File: inviteDir(inv.loc) + "/" + e.Name, Reason: "a request to join that does not open with the invitation's code", Bad: true})
				continue
			}
			var resp joinResp
			cur, _ := h.st.control(kindInvite, inv.loc)
			rec, _ := decode[inviteRec](cur)
			switch {
			case rec.Used != "" && rec.Used != joiner:
				resp.Refused = "used"
			case now.UnixMilli() > rec.Expires:
				resp.Refused = "expired"
			default:
				if _, member := h.st.deviceRec(joiner); !member {
					dr := deviceRec{Name: req.Name, Sign: req.Sign, KEM: req.KEM}
					if cur.Device == rec.By && rec.Used == "" {
						dr.Invited = &invitedRec{By: rec.By, At: cur.Stamp, Grants: rec.Grants}
					}
					h.addControl(kindDevice, joiner, dr, now)
					for _, g := range rec.Grants {
						h.addControl(kindRole, joiner+"/"+g.Profile, g.Role, now)
					}
					rec.Used = joiner
					h.addControl(kindInvite, inv.loc, rec, now)
					if err := h.reconcile(now); err != nil {
						return err
					}
					rep.Admitted = append(rep.Admitted, joiner)
					changed = true
				}
				resp.Household = h.st.Household
				resp.MetaKey = h.st.MetaKey
				resp.Creator = h.st.Creator
				for _, k := range sortedKeys(h.st.Control) {
					if op := h.st.Control[k]; !authKind(op.Kind) { // those are in the history
						resp.Control = append(resp.Control, op)
					}
				}
				for _, k := range sortedKeys(h.st.History) { // every grant, key and wrap: who may do what, at any time
					resp.Control = append(resp.Control, h.st.History[k]...)
				}
			}
			// Saved before the answer is written: the membership it promises is kept.
			if changed {
				if err := h.save(ctx); err != nil {
					return err
				}
			}
			err = h.t.Create(ctx, inviteDir(inv.loc)+"/"+answer, sealSmall(inv.rec.CodeKey, "ok\x00"+inv.loc+"\x00"+joiner, resp))
			if err != nil && !errors.Is(err, transport.ErrExist) {
				return fmt.Errorf("household: answering a request to join: %w", err)
			}
		}
		// The code is used: say so to anyone else asking with it, also when no member exchanges
		// to answer them (after the state that admitted was saved; by any device that may
		// admit, while no such mark is there).
		if cur, _ := h.st.control(kindInvite, inv.loc); decodeUsed(cur) != "" && !slices.ContainsFunc(ents, func(e transport.Entry) bool { return strings.HasPrefix(e.Name, "u-") }) {
			err := h.t.Create(ctx, inviteDir(inv.loc)+"/u-"+h.st.Device, sealSmall(inv.rec.CodeKey, "used\x00"+inv.loc, usedRec{Joiner: decodeUsed(cur)}))
			if err != nil && !errors.Is(err, transport.ErrExist) {
				return fmt.Errorf("household: marking an invitation used: %w", err)
			}
		}
	}
	return nil
}

func decodeUsed(op Op) string {
	rec, _ := decode[inviteRec](op)
	return rec.Used
}

// mayAdmit: this device may answer the invitation — the inviting device may give its grants
// and so may this one (the roles it writes for the new device must count everywhere).
func (h *Household) mayAdmit(rec inviteRec) bool {
	if _, gone := h.st.revoked(rec.By); gone {
		return false
	}
	for _, g := range rec.Grants {
		if !h.st.mayShare(rec.By, g.Profile) || !h.st.mayShare(h.st.Device, g.Profile) {
			return false
		}
	}
	return h.st.managesSomeoneAt(h.st.Device, noLater)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Join asks to join with code and polls (every few seconds, until wait has passed by now())
// until a device of the household admits this one. ErrBadCode when no invitation with this
// code appears: at the first look on a direct transport (WebDAV), else within two minutes (or
// wait if shorter: a folder's engine may still be carrying it); ErrCodeExpired, ErrCodeUsed,
// ErrNotAdmitted when no device answered in time.
func Join(ctx context.Context, r Replica, t transport.Transport, code, deviceName string, wait time.Duration, now func() time.Time) (*Household, error) {
	if err := noState(ctx, r); err != nil {
		return nil, err
	}
	norm, err := normalizeCode(code)
	if err != nil {
		return nil, err
	}
	loc, key := codeSecrets(norm)
	h, err := pendingJoinOf(ctx, r, t, loc, now())
	if err != nil {
		return nil, err
	}
	self := h.st.Device
	start := now()
	deadline := start.Add(wait)
	asked := false
	dir := inviteDir(loc)
	for {
		data, err := t.Read(ctx, dir+"/offer", smallLimit)
		switch {
		case err == nil:
			o, err := openSmall[offerRec](key, "offer\x00"+loc, data)
			if err != nil {
				return nil, ErrBadCode
			}
			if !asked {
				if now().UnixMilli() > o.Expires {
					return nil, ErrCodeExpired
				}
				// Kept before asking: a retry with the same code resumes this request.
				h.st.Joining = &pendingJoin{Loc: loc, Expires: o.Expires}
				if err := h.save(ctx); err != nil {
					return nil, err
				}
				req := joinReq{Name: deviceName, Sign: h.selfRec("").Sign, KEM: h.selfRec("").KEM}
				err := t.Create(ctx, dir+"/r-"+self, sealSmall(key, "req\x00"+loc+"\x00"+self, req))
				if err != nil && !errors.Is(err, transport.ErrExist) {
					return nil, fmt.Errorf("household: asking to join: %w", err)
				}
				asked = true
			}
			done, err := h.joined(ctx, loc, key)
			if done || err != nil {
				return h, err
			}
		case errors.Is(err, transport.ErrNotExist):
			live, lerr := liveInvitations(ctx, t, now())
			if lerr != nil {
				return nil, fmt.Errorf("household: looking for the invitation: %w", lerr)
			}
			if len(live) > 0 && !slices.Contains(live, loc) && offerPatience(t, wait) > 0 {
				// The folder has carried another valid invitation but not this code's: the
				// code is wrong (mistyped), not late.
				return nil, errOtherInvitation
			}
			if patience := offerPatience(t, wait); !now().Before(start.Add(patience)) {
				if patience == 0 {
					return nil, errNoOfferOnServer
				}
				return nil, folderNoOffer(patience)
			}
		default:
			return nil, fmt.Errorf("household: looking for the invitation: %w", err)
		}
		if !now().Before(deadline) {
			if !asked && offerPatience(t, wait) > 0 {
				return nil, folderNoOffer(wait) // the invitation never appeared: nobody could admit
			}
			return nil, ErrNotAdmitted
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(pollEvery):
		}
	}
}

// DropExpiredJoin forgets a join asked for (Join, not yet admitted) whose code has expired by
// now: its keys and request are of no more use (a join with another code starts afresh), and
// they should not linger in the vault until the next join or create. It reports whether one
// was dropped. A household, or a join still valid, is left alone.
func DropExpiredJoin(ctx context.Context, r Replica, now time.Time) (bool, error) {
	b, err := r.LoadState(ctx)
	if err != nil || b == nil {
		return false, err
	}
	var st struct { // only what says whether it is an expired join (the state can be large)
		Household string       `json:"household"`
		Joining   *pendingJoin `json:"joining"`
	}
	if json.Unmarshal(b, &st) != nil || st.Household != "" || st.Joining == nil || now.UnixMilli() <= st.Joining.Expires {
		return false, nil
	}
	if err := r.SaveState(ctx, nil); err != nil {
		return false, fmt.Errorf("household: forgetting an expired join: %w", err)
	}
	return true, nil
}

// pendingJoinOf is the household-to-be of a join: the one saved by an earlier Join with the
// same code (loc) while the code is valid, so its request and keys are used again, or a new one.
func pendingJoinOf(ctx context.Context, r Replica, t transport.Transport, loc string, now time.Time) (*Household, error) {
	b, err := r.LoadState(ctx)
	if err != nil {
		return nil, fmt.Errorf("household: reading the saved state: %w", err)
	}
	if b != nil {
		st, err := decodeState(b)
		if err != nil {
			return nil, err
		}
		if j := st.Joining; j != nil && j.Loc == loc && now.UnixMilli() <= j.Expires {
			keys, err := loadDeviceKeys(st.SignSeed, st.KEMKey)
			if err != nil {
				return nil, err
			}
			return &Household{r: r, t: t, st: st, keys: keys, clock: hlc.New(st.Clock)}, nil
		}
	}
	keys, err := newDeviceKeys()
	if err != nil {
		return nil, err
	}
	return newHousehold(r, t, keys, ""), nil
}

// joined looks for an answer to this device's request and, when admitted, takes the
// membership it carries and saves the state.
func (h *Household) joined(ctx context.Context, loc string, key []byte) (bool, error) {
	self := h.st.Device
	ents, err := h.t.List(ctx, inviteDir(loc))
	if err != nil {
		return false, fmt.Errorf("household: looking for an answer: %w", err)
	}
	for _, e := range ents {
		if by, ok := strings.CutPrefix(e.Name, "u-"); ok && !e.Dir && deviceDirRe.MatchString(by) {
			data, err := h.t.Read(ctx, inviteDir(loc)+"/"+e.Name, smallLimit)
			if err != nil {
				continue
			}
			if u, err := openSmall[usedRec](key, "used\x00"+loc, data); err == nil && u.Joiner != self {
				return false, ErrCodeUsed
			}
		}
	}
	for _, e := range ents {
		if !strings.HasPrefix(e.Name, "a-"+self+"-") || e.Dir {
			continue
		}
		data, err := h.t.Read(ctx, inviteDir(loc)+"/"+e.Name, smallLimit)
		if err != nil {
			continue
		}
		resp, err := openSmall[joinResp](key, "ok\x00"+loc+"\x00"+self, data)
		if err != nil {
			continue
		}
		switch resp.Refused {
		case "used":
			return false, ErrCodeUsed
		case "expired":
			return false, ErrCodeExpired
		}
		if _, err := unhexID(resp.Household); err != nil {
			continue
		}
		if len(resp.MetaKey) != chacha20poly1305.KeySize {
			continue
		}
		h.st.Household = resp.Household
		h.st.MetaKey = resp.MetaKey
		h.st.Creator = resp.Creator
		for _, op := range resp.Control {
			if strings.HasPrefix(op.Kind, controlPref) {
				h.st.mergeControl(op)
				if h.clock.Last().Compare(op.Stamp) < 0 {
					h.clock = hlc.New(op.Stamp)
				}
			}
		}
		if h.st.Creator == "" {
			h.st.Creator = h.st.inferCreator()
			h.st.valid = nil
		}
		if _, ok := h.st.deviceRec(self); !ok {
			continue
		}
		h.learnKeys()
		h.st.Joining = nil
		// The request is of no use any more (best effort: it is sealed and harmless).
		_ = h.t.Remove(ctx, inviteDir(loc)+"/r-"+self)
		if err := h.t.MkdirAll(ctx, deviceDir(self)); err != nil {
			return false, fmt.Errorf("household: making this device's folder: %w", err)
		}
		if err := h.save(ctx); err != nil {
			return false, err
		}
		return true, h.observeReplica(ctx)
	}
	return false, nil
}

// removeOwnPairingFiles removes the files of an invitation this device wrote: the offer (its
// inviter) and its answers.
func (h *Household) removeOwnPairingFiles(ctx context.Context, loc string, inviter bool) error {
	if inviter {
		ents, err := h.t.List(ctx, "i")
		if err != nil && !errors.Is(err, transport.ErrNotExist) {
			return fmt.Errorf("household: listing the invitations: %w", err)
		}
		for _, e := range ents {
			if strings.HasPrefix(e.Name, "e-"+loc+"-") && !e.Dir {
				if err := h.t.Remove(ctx, "i/"+e.Name); err != nil && !errors.Is(err, transport.ErrNotExist) {
					return fmt.Errorf("household: removing an old invitation: %w", err)
				}
			}
		}
	}
	ents, err := h.t.List(ctx, inviteDir(loc))
	if errors.Is(err, transport.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("household: listing an invitation: %w", err)
	}
	for _, e := range ents {
		mine := strings.HasPrefix(e.Name, "a-") && strings.HasSuffix(e.Name, "-"+h.st.Device) ||
			e.Name == "u-"+h.st.Device || e.Name == "offer" && inviter
		if !mine || e.Dir {
			continue
		}
		if err := h.t.Remove(ctx, inviteDir(loc)+"/"+e.Name); err != nil && !errors.Is(err, transport.ErrNotExist) {
			return fmt.Errorf("household: removing an old invitation: %w", err)
		}
	}
	return nil
}
